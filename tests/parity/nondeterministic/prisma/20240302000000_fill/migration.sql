-- Made-up values: random() and gen_random_uuid() differ on every run. Country is deterministic.
INSERT INTO "Token" ("value") SELECT md5(random()::text) FROM generate_series(1, 5);
INSERT INTO "Code" ("code", "n") SELECT gen_random_uuid()::text, g FROM generate_series(1, 3) g;
INSERT INTO "Country" ("code", "name") VALUES ('FR', 'France'), ('DE', 'Germany');
