// Catalog snapshot of the user objects in one database, read from pg_catalog.
// A snapshot is three maps of "object key" -> text:
//   schema: every object and attribute (column order left out),
//   order:  column order of each relation (compared only where order must hold),
//   data:   per-table row count and hash of the sorted rows.
// oids and attnums are never part of a value: they change when an object is re-created.
'use strict';
const { quoteIdent, prepared } = require('./server');
const { readData } = require('./fingerprint');

// Schemas that are PostgreSQL's own.
const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;
// Objects created by CREATE EXTENSION belong to the extension, not to the migrations.
const notExtensionMember = (catalog, oid) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass
     AND dep.objid = ${oid} AND dep.deptype = 'e')`;
const META_TABLE = 'SequelizeMeta';

const RELKIND = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', f: 'foreign table', c: 'type', S: 'sequence' };

function qualified(schema, name) {
  return schema === 'public' ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

class Snapshot {
  constructor() {
    this.schema = new Map();
    this.order = new Map();
    this.data = new Map();
    // schema key -> its value with what depends on column order left out, compared in its place
    // where column order is not (view definitions: sortAliasLists).
    this.loose = new Map();
  }

  set(key, value) {
    if (this.schema.has(key)) throw new Error(`snapshot: duplicate key ${key}`);
    this.schema.set(key, value);
  }
}

// The whole catalog in one round trip: every query's rows come back as one JSON array (node-postgres
// spent more time on many small results than the server on the queries). Values keep their text:
// json_agg writes booleans, numbers and strings as they are, and int8 columns are cast to text by
// the queries. The relations are read once, in the CTE rels, which the per-relation queries use.
async function batch(client, queries) {
  const parts = queries.map((sql, i) => `(SELECT coalesce(json_agg(q), '[]') FROM (${sql}) q)::text AS r${i}`);
  const [row] = await prepared(client, `WITH rels AS MATERIALIZED (${RELATIONS_SQL})\nSELECT ${parts.join(',\n')}`);
  return queries.map((_, i) => JSON.parse(row[`r${i}`]));
}

const SCHEMAS_SQL = `SELECT n.nspname FROM pg_namespace n
      WHERE ${USER_NS} AND ${notExtensionMember('pg_namespace', 'n.oid')}`;
const EXTENSIONS_SQL = `SELECT e.extname, e.extversion, n.nspname
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`;
const COLLATIONS_SQL = `SELECT n.nspname, c.collname, c.collprovider, c.collcollate, c.collctype,
        c.colliculocale, c.collisdeterministic
      FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
      WHERE ${USER_NS} AND ${notExtensionMember('pg_collation', 'c.oid')}`;

function readSchemas(snap, schemas, extensions, collations) {
  for (const r of schemas) {
    snap.set(`schema ${quoteIdent(r.nspname)}`, 'exists');
  }
  for (const r of extensions) {
    snap.set(`extension ${quoteIdent(r.extname)}`, `version ${r.extversion}, schema ${r.nspname}`);
  }
  for (const r of collations) {
    snap.set(`collation ${qualified(r.nspname, r.collname)}`,
      `provider ${r.collprovider}, collate ${r.collcollate}, ctype ${r.collctype}, icu ${r.colliculocale}` +
      (r.collisdeterministic ? '' : ', nondeterministic'));
  }
}

// Enums, domains, ranges and base types. Composite types are read with the relations,
// array and multirange types come with their element type, row types with their table.
// A type that is an object of its own: not a relation's row type, an array or a multirange.
const OWN_TYPE = `t.typrelid = 0 AND t.typtype <> 'm' AND NOT EXISTS (SELECT 1 FROM pg_type el WHERE el.typarray = t.oid)`;
const TYPES_SQL = `SELECT n.nspname, t.typname, t.typtype,
      CASE t.typtype
        WHEN 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                       FROM pg_enum e WHERE e.enumtypid = t.oid)
        WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod)
          || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
          || coalesce(' DEFAULT ' || pg_get_expr(t.typdefaultbin, 0), '')
          || coalesce(' COLLATE ' || (SELECT quote_ident(co.collname) FROM pg_collation co
                                      WHERE co.oid = t.typcollation AND t.typcollation <> bt.typcollation), '')
          || coalesce((SELECT ' ' || string_agg(format('CONSTRAINT %I %s', c.conname, pg_get_constraintdef(c.oid, true)),
                                                ' ' ORDER BY c.conname)
                       FROM pg_constraint c WHERE c.contypid = t.oid), '')
        WHEN 'r' THEN (SELECT 'range of ' || format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid)
        ELSE 'input ' || t.typinput::text || ', output ' || t.typoutput::text
      END AS def
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
    WHERE ${USER_NS} AND ${notExtensionMember('pg_type', 't.oid')} AND ${OWN_TYPE}`;

const TYPE_KIND = { e: 'enum', d: 'domain', r: 'range type', b: 'base type', p: 'pseudo type' };
const typeKey = (r) => `${TYPE_KIND[r.typtype] || 'type'} ${qualified(r.nspname, r.typname)}`;

function readTypes(snap, result) {
  for (const r of result) snap.set(typeKey(r), r.def);
}

// Returns the relations as { oid, name, kind, relkind, populated } for the per-relation readers.
const RELATIONS_SQL = `SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity,
      c.relforcerowsecurity, c.relispopulated, array_to_string(c.reloptions, ', ') AS options,
      CASE c.relreplident WHEN 'f' THEN 'full' WHEN 'n' THEN 'nothing'
        WHEN 'i' THEN 'using index ' || coalesce((SELECT quote_ident(ic.relname) FROM pg_index x
          JOIN pg_class ic ON ic.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisreplident), '(none)')
      END AS replica_identity,
      CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS viewdef,
      CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
      pg_get_expr(c.relpartbound, c.oid) AS partbound,
      (SELECT string_agg(format('%I.%I', pn.nspname, pc.relname), ', ' ORDER BY pn.nspname, pc.relname)
         FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
         JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) AS parents
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c', 'S') AND ${USER_NS}
      AND ${notExtensionMember('pg_class', 'c.oid')}
      AND NOT (n.nspname = 'public' AND c.relname = '${META_TABLE}')`;

function readRelations(snap, result) {
  const rels = [];
  for (const r of result) {
    const name = qualified(r.nspname, r.relname);
    const rel = {
      oid: r.oid,
      relkind: r.relkind,
      populated: r.relispopulated,
      columns: [],
      key: `${RELKIND[r.relkind]} ${name}`,
      sqlName: `${quoteIdent(r.nspname)}.${quoteIdent(r.relname)}`,
    };
    rels.push(rel);
    if (r.relkind === 'S') continue; // described by readSequences
    const attrs = [];
    if (r.relpersistence === 'u') attrs.push('unlogged');
    if (r.options) attrs.push(`with (${r.options})`);
    if (r.partkey) attrs.push(`partition by ${r.partkey}`);
    if (r.parents) attrs.push(`inherits ${r.parents}`);
    if (r.partbound) attrs.push(r.partbound);
    // Whether a materialized view is populated is data, as pg_dump files it (its REFRESH is in the
    // data section): compared where the data is, not by a lossy down's schema comparison.
    if (r.relkind === 'm' && !r.relispopulated) snap.data.set(`${rel.key} data`, 'not populated');
    snap.set(rel.key, attrs.join('; ') || 'exists');
    if (r.viewdef !== null) {
      snap.set(`${rel.key} definition`, r.viewdef);
      const loose = sortAliasLists(r.viewdef);
      if (loose !== r.viewdef) snap.loose.set(`${rel.key} definition`, loose);
    }
    if ('rp'.includes(r.relkind)) {
      snap.set(`${rel.key} row level security`, r.relrowsecurity ? (r.relforcerowsecurity ? 'enabled, forced' : 'enabled') : 'disabled');
      if (r.replica_identity) snap.set(`${rel.key} replica identity`, r.replica_identity);
    }
  }
  return rels;
}

// A relation in a FROM clause with a column alias list, as pg_get_viewdef prints it: `FROM "T" t(a, b)`,
// `JOIN s."T" "T"(a, b)`, `, "T" t(a, b)`. PostgreSQL writes such a list itself for a relation joined
// with USING whose merged column was renamed since, naming every column in attnum order: a column
// re-added by a down() (last) moves in it. Where column order is not compared, the names of each list
// are compared as a set; what each output column reads is compared by `reads` (VIEW_SOURCES_SQL), so
// a list that names the columns in the wrong places still differs.
const IDENT = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_][\w$]*)`;
const ALIAS_LIST = new RegExp(String.raw`((?:\bFROM|\bJOIN|,)\s+(?:${IDENT}\.)?${IDENT}\s+${IDENT})\(((?:${IDENT}(?:, )?)+)\)`, 'g');
const LIST_ITEM = new RegExp(IDENT, 'g');

function sortAliasLists(viewdef) {
  return viewdef.replace(ALIAS_LIST, (_, head, list) => `${head}(${list.match(LIST_ITEM).sort().join(', ')})`);
}

// The oids of the relations found by RELATIONS_SQL, for the queries on them (see batch).
const REL_OIDS = 'ARRAY(SELECT oid FROM rels)';

// What each output column of a view reads, where it is a plain column (resorigtbl / resorigcol of
// the query's target entries, every level): "name <- table.column", sorted.
const VIEW_SOURCES_SQL = String.raw`SELECT r.ev_class AS rel, string_agg(format('%s <- %I.%I', m[1], c.relname, a.attname),
        ', ' ORDER BY m[1], c.relname, a.attname) AS sources
    FROM pg_rewrite r,
      regexp_matches(r.ev_action::text, ':resname ((?:\\.|[^ \\])+) :ressortgroupref \d+ :resorigtbl (\d+) :resorigcol (\d+)', 'g') m,
      pg_class c, pg_attribute a
    WHERE r.ev_class = ANY(${REL_OIDS}) AND r.rulename = '_RETURN' AND m[2]::oid <> 0
      AND c.oid = m[2]::oid AND a.attrelid = c.oid AND a.attnum = m[3]::int2
    GROUP BY r.ev_class`;

function readViewSources(snap, result, relByOid) {
  for (const r of result) snap.set(`${relByOid.get(r.rel).key} reads`, r.sources);
}

// The tables whose main fork has a page (readData reads only those).
const STORED_SQL = `SELECT oid FROM rels WHERE (relkind = 'r' OR (relkind = 'm' AND relispopulated))
      AND pg_relation_size(oid) > 0`;

const COLUMNS_SQL = `SELECT a.attrelid AS rel, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
      CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS def,
      CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
      a.attidentity,
      CASE WHEN a.attstattarget <> -1 THEN a.attstattarget::text END AS stattarget,
      CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
      nullif(a.attcompression::text, '') AS compression,
      CASE WHEN a.attcollation <> t.typcollation THEN (SELECT format('%I.%I', cn.nspname, co.collname)
        FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS coll
    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = ANY(${REL_OIDS}) AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attrelid, a.attnum`;

const STORAGE = { p: 'plain', e: 'external', x: 'extended', m: 'main' };
const COMPRESSION = { p: 'pglz', l: 'lz4' };

function readColumns(snap, result, relByOid) {
  const identity = { a: 'generated always as identity', d: 'generated by default as identity' };
  for (const r of result) {
    const rel = relByOid.get(r.rel);
    if (rel.relkind === 'S') continue;
    rel.columns.push({ name: r.attname, type: r.type, def: r.def });
    const key = `${rel.key} column ${quoteIdent(r.attname)}`;
    snap.set(key, r.type);
    if ('rpf'.includes(rel.relkind)) snap.set(`${key} not null`, String(r.attnotnull));
    if (r.def !== null) snap.set(`${key} default`, r.def);
    if (r.generated !== null) snap.set(`${key} generated`, r.generated);
    if (r.attidentity) snap.set(`${key} identity`, identity[r.attidentity]);
    if (r.coll !== null) snap.set(`${key} collation`, r.coll);
    // SET STATISTICS / STORAGE / COMPRESSION, where not the default (-1, the type's own, none).
    if (r.stattarget !== null) snap.set(`${key} statistics`, r.stattarget);
    if (r.storage !== null) snap.set(`${key} storage`, STORAGE[r.storage]);
    if (r.compression !== null) snap.set(`${key} compression`, COMPRESSION[r.compression]);
    const list = snap.order.get(`${rel.key} columns`);
    snap.order.set(`${rel.key} columns`, list ? `${list}, ${quoteIdent(r.attname)}` : quoteIdent(r.attname));
  }
}

// Constraints, indexes, triggers, rules and policies: one keyed entry per object, on its relation.
const RELATION_OBJECTS = [
  ['constraint', `SELECT conrelid AS rel, conname AS name, pg_get_constraintdef(oid, true)
      || CASE WHEN condeferrable AND pg_get_constraintdef(oid, true) NOT LIKE '%DEFERRABLE%' THEN ' DEFERRABLE' ELSE '' END
      || CASE WHEN condeferred AND pg_get_constraintdef(oid, true) NOT LIKE '%INITIALLY DEFERRED%' THEN ' INITIALLY DEFERRED' ELSE '' END AS def
    FROM pg_constraint WHERE conrelid = ANY(${REL_OIDS})`],
  ['index', `SELECT i.indrelid AS rel, c.relname AS name, pg_get_indexdef(i.indexrelid)
      || CASE WHEN i.indisclustered THEN ' [clustered]' ELSE '' END
      || CASE WHEN NOT i.indisvalid THEN ' [invalid]' ELSE '' END AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ANY(${REL_OIDS})`],
  ['trigger', `SELECT tgrelid AS rel, tgname AS name, pg_get_triggerdef(oid, true)
      || CASE tgenabled WHEN 'O' THEN '' ELSE ' [enabled ' || tgenabled::text || ']' END AS def
    FROM pg_trigger WHERE tgrelid = ANY(${REL_OIDS}) AND NOT tgisinternal`],
  ['rule', `SELECT ev_class AS rel, rulename AS name, pg_get_ruledef(oid, true) AS def
    FROM pg_rewrite WHERE ev_class = ANY(${REL_OIDS}) AND rulename <> '_RETURN'`],
  ['policy', `SELECT polrelid AS rel, polname AS name,
      format('%s for %s to %s', CASE WHEN polpermissive THEN 'permissive' ELSE 'restrictive' END,
        CASE polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
        (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END, ', ' ORDER BY 1)
           FROM unnest(polroles) r))
      || coalesce(' using (' || pg_get_expr(polqual, polrelid) || ')', '')
      || coalesce(' with check (' || pg_get_expr(polwithcheck, polrelid) || ')', '') AS def
    FROM pg_policy WHERE polrelid = ANY(${REL_OIDS})`],
];

function readRelationObjects(snap, results, relByOid) {
  RELATION_OBJECTS.forEach(([what], i) => {
    for (const r of results[i]) {
      snap.set(`${relByOid.get(r.rel).key} ${what} ${quoteIdent(r.name)}`, r.def);
    }
  });
}

const SEQUENCES_SQL = `SELECT s.seqrelid AS rel, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS seqstart,
      s.seqincrement::text AS seqincrement, s.seqmin::text AS seqmin, s.seqmax::text AS seqmax, s.seqcache::text AS seqcache, s.seqcycle,
      (SELECT CASE d.deptype WHEN 'i' THEN 'identity of ' ELSE 'owned by ' END || format('%I.%I.%I', n.nspname, c.relname, a.attname)
         FROM pg_depend d JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.refclassid = 'pg_class'::regclass
          AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')) AS owner
    FROM pg_sequence s WHERE s.seqrelid = ANY(${REL_OIDS})`;

function readSequences(snap, result, relByOid) {
  for (const r of result) {
    snap.set(relByOid.get(r.rel).key,
      `${r.type} start ${r.seqstart} increment ${r.seqincrement} min ${r.seqmin} max ${r.seqmax} cache ${r.seqcache}` +
      `${r.seqcycle ? ' cycle' : ''}${r.owner ? `, ${r.owner}` : ''}`);
  }
}

const FUNCTIONS_SQL = `SELECT n.nspname, p.proname, p.prokind, pg_get_function_identity_arguments(p.oid) AS args,
      CASE WHEN p.prokind = 'a'
        THEN format('aggregate (%s) returns %s', pg_get_function_arguments(p.oid), pg_get_function_result(p.oid))
        ELSE pg_get_functiondef(p.oid) END AS def
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE ${USER_NS} AND ${notExtensionMember('pg_proc', 'p.oid')}`;

const FUNCTION_KIND = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window function' };
const functionKey = (r) => `${FUNCTION_KIND[r.prokind]} ${qualified(r.nspname, r.proname)}(${r.args})`;

function readFunctions(snap, result) {
  for (const r of result) snap.set(functionKey(r), r.def);
}

// Comments on anything the migrations created; pg_identify_object names the commented object.
const COMMENTS_SQL = `SELECT o.type, o.identity, d.description
    FROM pg_description d, pg_identify_object(d.classoid, d.objoid, d.objsubid) o
    WHERE d.objoid >= 16384
      AND (o.schema IS NULL OR (o.schema NOT IN ('pg_catalog', 'information_schema') AND o.schema NOT LIKE 'pg\\_toast%'))
      AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = d.classoid AND dep.objid = d.objoid AND dep.deptype = 'e')
      AND (d.classoid <> 'pg_class'::regclass OR d.objoid IS DISTINCT FROM to_regclass('public."${META_TABLE}"'))`;

function readComments(snap, result) {
  for (const r of result) {
    snap.set(`comment on ${r.type} ${r.identity}`, r.description);
  }
}

// Privileges (GRANT/REVOKE): "<object key> privileges" -> the object's ACL entries, sorted bytewise:
// `<grantee>:<privilege>[ WITH GRANT OPTION][ GRANTED BY <grantor>]`, the grantee `PUBLIC`, `owner`
// (whoever owns the object) or a role name, the grantor written only when it is not the owner;
// `none` for an empty ACL. Only where the ACL differs from the object's default (a NULL ACL is the
// default): histories without GRANT/REVOKE snapshot as without this, and GRANT x; REVOKE x (the
// default written out) has no key. The default is acldefault(kind, owner), for a schema created by
// initdb (public) its initial ACL (pg_init_privs: PUBLIC may use public). Only non-NULL ACLs are
// exploded.
const aclEntries = (acl, owner) => `(SELECT coalesce(string_agg(e, ', ' ORDER BY e COLLATE "C"), 'none') FROM (SELECT
      CASE a.grantee WHEN 0 THEN 'PUBLIC' WHEN ${owner} THEN 'owner' ELSE pg_get_userbyid(a.grantee)::text END
      || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
      || CASE WHEN a.grantor <> ${owner} THEN ' GRANTED BY ' || pg_get_userbyid(a.grantor)::text ELSE '' END AS e
    FROM aclexplode(${acl}) a) x)`;
// FROM-list item `p` with p.privileges, NULL where they are the default; kind is the acldefault kind.
const privileges = (acl, kind, owner, initial = null) => `LATERAL (SELECT nullif(${aclEntries(acl, owner)},
      ${aclEntries(initial ? `coalesce(${initial}, acldefault(${kind}, ${owner}))` : `acldefault(${kind}, ${owner})`, owner)}) AS privileges) p`;
const PRIVILEGES_SQL = [
  // Tables, partitioned tables, views, materialized views, foreign tables, sequences.
  `SELECT c.oid AS rel, p.privileges
    FROM pg_class c, ${privileges('c.relacl', `CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char"`, 'c.relowner')}
    WHERE c.relacl IS NOT NULL AND c.oid = ANY(${REL_OIDS}) AND p.privileges IS NOT NULL`,
  // Their columns (NULL attacl: no column privileges).
  `SELECT a.attrelid AS rel, a.attname, p.privileges
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid, ${privileges('a.attacl', "'c'", 'c.relowner')}
    WHERE a.attacl IS NOT NULL AND a.attrelid = ANY(${REL_OIDS}) AND a.attnum > 0 AND NOT a.attisdropped
      AND p.privileges IS NOT NULL`,
  `SELECT n.nspname, p.privileges
    FROM pg_namespace n, ${privileges('n.nspacl', "'n'", 'n.nspowner', `(SELECT i.initprivs FROM pg_init_privs i
      WHERE i.objoid = n.oid AND i.classoid = 'pg_namespace'::regclass AND i.objsubid = 0)`)}
    WHERE n.nspacl IS NOT NULL AND ${USER_NS} AND ${notExtensionMember('pg_namespace', 'n.oid')} AND p.privileges IS NOT NULL`,
  `SELECT n.nspname, f.proname, f.prokind, pg_get_function_identity_arguments(f.oid) AS args, p.privileges
    FROM pg_proc f JOIN pg_namespace n ON n.oid = f.pronamespace, ${privileges('f.proacl', "'f'", 'f.proowner')}
    WHERE f.proacl IS NOT NULL AND ${USER_NS} AND ${notExtensionMember('pg_proc', 'f.oid')} AND p.privileges IS NOT NULL`,
  // The types TYPES_SQL reads, and the row types of the relations (composite types among them).
  `SELECT n.nspname, t.typname, t.typtype, nullif(t.typrelid, 0) AS rel, p.privileges
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace, ${privileges('t.typacl', "'T'", 't.typowner')}
    WHERE t.typacl IS NOT NULL AND ${USER_NS} AND ${notExtensionMember('pg_type', 't.oid')}
      AND (t.typrelid = ANY(${REL_OIDS}) OR (${OWN_TYPE}))
      AND p.privileges IS NOT NULL`,
];

function readPrivileges(snap, [relations, columns, schemas, functions, types], relByOid) {
  for (const r of relations) snap.set(`${relByOid.get(r.rel).key} privileges`, r.privileges);
  for (const r of columns) snap.set(`${relByOid.get(r.rel).key} column ${quoteIdent(r.attname)} privileges`, r.privileges);
  for (const r of schemas) snap.set(`schema ${quoteIdent(r.nspname)} privileges`, r.privileges);
  for (const r of functions) snap.set(`${functionKey(r)} privileges`, r.privileges);
  for (const r of types) {
    // A composite type is keyed as its relation; a table's row type as "<table key> row type".
    const rel = r.rel === null ? null : relByOid.get(r.rel);
    const key = rel === null ? typeKey(r) : rel.relkind === 'c' ? rel.key : `${rel.key} row type`;
    snap.set(`${key} privileges`, r.privileges);
  }
}

// Owners (ALTER ... OWNER TO): "<object key> owner" -> the owning role, only where it is not the
// role the snapshot is taken as (the one that runs the migrations, on every side), so histories
// without OWNER TO snapshot as without this. Relations (a composite type is one), the types
// TYPES_SQL reads (a table's row type and an array type follow their relation or element type), and
// functions; schemas from initdb (public is pg_database_owner's) are compared as well.
const NOT_ME = `(SELECT oid FROM pg_roles WHERE rolname = current_user)`;
const OWNERS_SQL = [
  `SELECT c.oid AS rel, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
    WHERE c.oid = ANY(${REL_OIDS}) AND c.relowner <> ${NOT_ME}`,
  `SELECT n.nspname, pg_get_userbyid(n.nspowner) AS owner FROM pg_namespace n
    WHERE ${USER_NS} AND ${notExtensionMember('pg_namespace', 'n.oid')} AND n.nspowner <> ${NOT_ME}`,
  `SELECT n.nspname, f.proname, f.prokind, pg_get_function_identity_arguments(f.oid) AS args,
      pg_get_userbyid(f.proowner) AS owner
    FROM pg_proc f JOIN pg_namespace n ON n.oid = f.pronamespace
    WHERE ${USER_NS} AND ${notExtensionMember('pg_proc', 'f.oid')} AND f.proowner <> ${NOT_ME}`,
  `SELECT n.nspname, t.typname, t.typtype, pg_get_userbyid(t.typowner) AS owner
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE ${USER_NS} AND ${notExtensionMember('pg_type', 't.oid')} AND ${OWN_TYPE} AND t.typowner <> ${NOT_ME}`,
];

function readOwners(snap, [relations, schemas, functions, types], relByOid) {
  for (const r of relations) snap.set(`${relByOid.get(r.rel).key} owner`, r.owner);
  for (const r of schemas) snap.set(`schema ${quoteIdent(r.nspname)} owner`, r.owner);
  for (const r of functions) snap.set(`${functionKey(r)} owner`, r.owner);
  for (const r of types) snap.set(`${typeKey(r)} owner`, r.owner);
}

// options.data === false: schema and column order only, no row fingerprints (scripts/cutover on a
// live database).
async function takeSnapshot(client, options = {}) {
  const snap = new Snapshot();
  const data = options.data !== false;
  const [schemas, extensions, collations, types, relations, functions, comments, columns, sequences, sources, ...rest] = await batch(client, [
    SCHEMAS_SQL, EXTENSIONS_SQL, COLLATIONS_SQL, TYPES_SQL, 'SELECT * FROM rels', FUNCTIONS_SQL, COMMENTS_SQL,
    COLUMNS_SQL, SEQUENCES_SQL, VIEW_SOURCES_SQL, ...RELATION_OBJECTS.map(([, sql]) => sql), ...PRIVILEGES_SQL,
    ...OWNERS_SQL, ...(data ? [STORED_SQL] : []),
  ]);
  readSchemas(snap, schemas, extensions, collations);
  readTypes(snap, types);
  const rels = readRelations(snap, relations);
  const relByOid = new Map(rels.map((r) => [r.oid, r]));
  readColumns(snap, columns, relByOid);
  readRelationObjects(snap, rest.slice(0, RELATION_OBJECTS.length), relByOid);
  readSequences(snap, sequences, relByOid);
  readViewSources(snap, sources, relByOid);
  readFunctions(snap, functions);
  readComments(snap, comments);
  const owners = RELATION_OBJECTS.length + PRIVILEGES_SQL.length;
  readPrivileges(snap, rest.slice(RELATION_OBJECTS.length, owners), relByOid);
  readOwners(snap, rest.slice(owners, owners + OWNERS_SQL.length), relByOid);
  if (data) {
    const stored = new Set(rest[owners + OWNERS_SQL.length].map((r) => r.oid));
    await readData(client, snap, rels.filter((r) => r.relkind === 'r' || (r.relkind === 'm' && r.populated)), stored);
  }
  return snap;
}

module.exports = { takeSnapshot, Snapshot };
