#include "lower/lower_name.h"

namespace p2s {
namespace {

// The last String of a list of fields, skipping "*" (A_Star) and subscripts (A_Indices).
std::string last_string(const Json& items) {
  std::string out;
  for (const Json& i : items) {
    if (i.contains("String")) out = sval(i);
  }
  return out;
}

// parse_target.c FigureColnameInternal: the name, and how sure (0 none, 1 second best, 2 good).
std::pair<std::string, int> figure(const Json& e) {
  if (e.contains("ColumnRef")) {
    const std::string name = last_string(list(e["ColumnRef"], "fields"));
    return {name, name.empty() ? 0 : 2};
  }
  if (e.contains("A_Indirection")) {
    const std::string name = last_string(list(e["A_Indirection"], "indirection"));
    if (!name.empty()) return {name, 2};
    return figure(e["A_Indirection"]["arg"]);
  }
  if (e.contains("FuncCall")) return {last_string(list(e["FuncCall"], "funcname")), 2};
  if (e.contains("A_Expr")) {
    if (str(e["A_Expr"], "kind") == "AEXPR_NULLIF") return {"nullif", 2};
    return {"", 0};
  }
  if (e.contains("TypeCast")) {
    auto inner = figure(e["TypeCast"]["arg"]);
    if (inner.second <= 1 && e["TypeCast"].contains("typeName"))
      return {last_string(list(e["TypeCast"]["typeName"], "names")), 1};
    return inner;
  }
  if (e.contains("CollateClause")) return figure(e["CollateClause"]["arg"]);
  if (e.contains("GroupingFunc")) return {"grouping", 2};
  if (e.contains("SubLink")) {
    const std::string type = str(e["SubLink"], "subLinkType");
    if (type == "EXISTS_SUBLINK") return {"exists", 2};
    if (type == "ARRAY_SUBLINK") return {"array", 2};
    return {"", 0};  // EXPR_SUBLINK looks at the transformed subquery, which a raw tree lacks
  }
  if (e.contains("CaseExpr")) {
    auto inner = e["CaseExpr"].contains("defresult") ? figure(e["CaseExpr"]["defresult"])
                                                     : std::pair<std::string, int>{"", 0};
    if (inner.second <= 1) return {"case", 1};
    return inner;
  }
  if (e.contains("A_ArrayExpr")) return {"array", 2};
  if (e.contains("RowExpr")) return {"row", 2};
  if (e.contains("CoalesceExpr")) return {"coalesce", 2};
  if (e.contains("MinMaxExpr")) {
    const std::string op = str(e["MinMaxExpr"], "op");
    if (op == "IS_GREATEST") return {"greatest", 2};
    if (op == "IS_LEAST") return {"least", 2};
    return {"", 0};
  }
  if (e.contains("SQLValueFunction")) {
    static const std::pair<const char*, const char*> names[] = {
        {"SVFOP_CURRENT_DATE", "current_date"},
        {"SVFOP_CURRENT_TIME", "current_time"},
        {"SVFOP_CURRENT_TIME_N", "current_time"},
        {"SVFOP_CURRENT_TIMESTAMP", "current_timestamp"},
        {"SVFOP_CURRENT_TIMESTAMP_N", "current_timestamp"},
        {"SVFOP_LOCALTIME", "localtime"},
        {"SVFOP_LOCALTIME_N", "localtime"},
        {"SVFOP_LOCALTIMESTAMP", "localtimestamp"},
        {"SVFOP_LOCALTIMESTAMP_N", "localtimestamp"},
        {"SVFOP_CURRENT_ROLE", "current_role"},
        {"SVFOP_CURRENT_USER", "current_user"},
        {"SVFOP_USER", "user"},
        {"SVFOP_SESSION_USER", "session_user"},
        {"SVFOP_CURRENT_CATALOG", "current_catalog"},
        {"SVFOP_CURRENT_SCHEMA", "current_schema"}};
    const std::string op = str(e["SQLValueFunction"], "op");
    for (const auto& [code, name] : names) {
      if (op == code) return {name, 2};
    }
    return {"", 0};
  }
  if (e.contains("XmlExpr")) {
    static const std::pair<const char*, const char*> names[] = {
        {"IS_XMLCONCAT", "xmlconcat"},      {"IS_XMLELEMENT", "xmlelement"}, {"IS_XMLFOREST", "xmlforest"},
        {"IS_XMLPARSE", "xmlparse"},        {"IS_XMLPI", "xmlpi"},           {"IS_XMLROOT", "xmlroot"},
        {"IS_XMLSERIALIZE", "xmlserialize"}};
    const std::string op = str(e["XmlExpr"], "op");
    for (const auto& [code, name] : names) {
      if (op == code) return {name, 2};
    }
    return {"", 0};
  }
  if (e.contains("XmlSerialize")) return {"xmlserialize", 2};
  return {"", 0};
}

}  // namespace

std::string figure_index_colname(const Json& expr) {
  return figure(expr).first;
}

std::string index_elem_name(const Json& index_elem) {
  if (index_elem.contains("indexcolname")) return str(index_elem, "indexcolname");
  if (index_elem.contains("name")) return str(index_elem, "name");
  const std::string figured = index_elem.contains("expr") ? figure_index_colname(index_elem["expr"]) : "";
  return figured.empty() ? "expr" : figured;
}

}  // namespace p2s
