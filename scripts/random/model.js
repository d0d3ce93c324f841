// The generator's own schema model: read back from the scratch database's catalog after every
// statement that PostgreSQL accepted (not the translator's model: PostgreSQL is the authority here,
// so CASCADE drops, renames and dependencies never make the two disagree).
'use strict';

const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

function qualified(schema, name) {
  return schema === 'public' ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

// Value kind of a column, from its catalog type: decides literals, casts and index methods.
function kindOf(type, typtype, elemtyptype) {
  if (typtype === 'e') return 'enum';
  if (elemtyptype === 'e') return 'enum[]';
  if (/^(integer|bigint|smallint)$/.test(type)) return 'int';
  if (/^(text|character varying)/.test(type)) return 'text';
  if (type === 'boolean') return 'bool';
  if (/^numeric/.test(type)) return 'numeric';
  if (type === 'double precision') return 'float';
  if (/^timestamp/.test(type)) return 'timestamp';
  if (type === 'date') return 'date';
  if (type === 'jsonb') return 'jsonb';
  if (type === 'uuid') return 'uuid';
  if (type === 'text[]') return 'text[]';
  if (type === 'integer[]') return 'int[]';
  return 'other';
}

async function readModel(client) {
  const q = async (sql) => (await client.query(sql)).rows;
  const m = {
    schemas: [], tables: [], views: [], matviews: [], sequences: [], indexes: [], enums: [],
    functions: [], triggers: [], policies: [], constraints: [], schemaGrants: {}, extensions: [],
  };
  const byOid = new Map();
  m.schemas = (await q(`SELECT n.nspname FROM pg_namespace n WHERE ${USER_NS} ORDER BY n.nspname COLLATE "C"`))
    .map((r) => r.nspname);
  for (const r of await q(`SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_NS} AND c.relkind IN ('r', 'v', 'm', 'S', 'i') AND NOT c.relispartition
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`)) {
    const rel = { oid: r.oid, schema: r.nspname, name: r.relname, q: qualified(r.nspname, r.relname), kind: r.relkind,
      rls: r.relrowsecurity, columns: [], rows: 0 };
    byOid.set(r.oid, rel);
    ({ r: m.tables, v: m.views, m: m.matviews, S: m.sequences, i: m.indexes })[r.relkind].push(rel);
  }
  for (const r of await q(`SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
        a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity, a.attgenerated,
        t.typtype, et.typtype AS etyptype, t.typname, et.typname AS etypname
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typlen = -1
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${USER_NS} AND c.relkind IN ('r', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`)) {
    const rel = byOid.get(r.attrelid);
    if (!rel) continue;
    rel.columns.push({ name: r.attname, type: r.type, notNull: r.attnotnull, def: r.def, identity: r.attidentity,
      generated: r.attgenerated, kind: kindOf(r.type, r.typtype, r.etyptype),
      enumName: r.typtype === 'e' ? r.typname : r.etyptype === 'e' ? r.etypname : null });
  }
  for (const r of await q(`SELECT con.conname, con.contype, con.conrelid, con.confrelid, con.condeferrable,
        ARRAY(SELECT a.attname::text FROM unnest(con.conkey) k JOIN pg_attribute a ON a.attrelid = con.conrelid
              AND a.attnum = k) AS cols
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
      ORDER BY con.conname COLLATE "C"`)) {
    const rel = byOid.get(r.conrelid);
    if (!rel) continue;
    m.constraints.push({ name: r.conname, type: r.contype, table: rel, ref: byOid.get(r.confrelid) || null,
      cols: r.cols, deferrable: r.condeferrable });
  }
  for (const r of await q(`SELECT i.indexrelid, i.indrelid, i.indisunique, i.indisprimary,
        EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p','u','x')) AS backs
      FROM pg_index i`)) {
    const idx = byOid.get(r.indexrelid);
    if (!idx) continue;
    Object.assign(idx, { table: byOid.get(r.indrelid) || null, unique: r.indisunique, constraint: r.backs });
  }
  m.indexes = m.indexes.filter((i) => i.table);
  for (const r of await q(`SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE ${USER_NS} GROUP BY 1, 2 ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C"`)) {
    m.enums.push({ schema: r.nspname, name: r.typname, q: qualified(r.nspname, r.typname), labels: r.labels });
  }
  const fnByOid = new Map();
  for (const r of await q(`SELECT p.oid, n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) AS args,
        p.prorettype = 'trigger'::regtype AS trig
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_NS}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                        AND d.deptype = 'e')
      ORDER BY n.nspname COLLATE "C", p.proname COLLATE "C", 4`)) {
    const f = { schema: r.nspname, name: r.proname, q: qualified(r.nspname, r.proname), args: r.args, trigger: r.trig,
      grants: [] };
    fnByOid.set(r.oid, f);
    m.functions.push(f);
  }
  // Privileges granted to others than the owner (rel.grants, fn.grants, m.schemaGrants[name]):
  // { grantee: 'PUBLIC' or a role name, priv, grantable, column (column privileges) }.
  for (const rel of byOid.values()) rel.grants = [];
  for (const r of await q(`SELECT x.kind, x.oid, x.col, CASE x.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee)::text END
        AS grantee, x.privilege_type, x.is_grantable
      FROM (SELECT 'r' AS kind, c.oid, NULL AS col, a.grantee, a.privilege_type, a.is_grantable
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
          WHERE c.relacl IS NOT NULL AND ${USER_NS} AND a.grantee <> c.relowner
        UNION ALL SELECT 'c', c.oid, at.attname::text, a.grantee, a.privilege_type, a.is_grantable
          FROM pg_attribute at JOIN pg_class c ON c.oid = at.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
            aclexplode(at.attacl) a
          WHERE at.attacl IS NOT NULL AND ${USER_NS} AND at.attnum > 0 AND NOT at.attisdropped AND a.grantee <> c.relowner
        UNION ALL SELECT 'f', p.oid, NULL, a.grantee, a.privilege_type, a.is_grantable
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
          WHERE p.proacl IS NOT NULL AND ${USER_NS} AND a.grantee <> p.proowner
        UNION ALL SELECT 'n', n.oid, n.nspname::text, a.grantee, a.privilege_type, a.is_grantable
          FROM pg_namespace n, aclexplode(n.nspacl) a
          WHERE n.nspacl IS NOT NULL AND ${USER_NS} AND a.grantee <> n.nspowner) x
      ORDER BY x.kind, x.oid, x.col COLLATE "C", x.grantee, x.privilege_type COLLATE "C"`)) {
    const g = { grantee: r.grantee, priv: r.privilege_type, grantable: r.is_grantable, column: r.kind === 'c' ? r.col : null };
    if (r.kind === 'n') (m.schemaGrants[r.col] = m.schemaGrants[r.col] || []).push(g);
    else {
      const owner = r.kind === 'f' ? fnByOid.get(r.oid) : byOid.get(r.oid);
      if (owner) owner.grants.push(g);
    }
  }
  for (const r of await q(`SELECT tgname, tgrelid FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname COLLATE "C"`)) {
    const rel = byOid.get(r.tgrelid);
    if (rel) m.triggers.push({ name: r.tgname, table: rel });
  }
  for (const r of await q(`SELECT polname, polrelid FROM pg_policy ORDER BY polname COLLATE "C"`)) {
    const rel = byOid.get(r.polrelid);
    if (rel) m.policies.push({ name: r.polname, table: rel });
  }
  for (const t of m.tables) {
    t.rows = Number((await q(`SELECT count(*) AS n FROM ${t.q}`))[0].n);
  }
  // Extensions (an extension's own functions are not listed above: they are not the history's).
  m.extensions = (await q(`SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname COLLATE "C"`))
    .map((r) => r.extname);
  return m;
}

module.exports = { readModel, quoteIdent, qualified };
