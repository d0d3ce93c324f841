-- Deterministic: still compared by fingerprint.
INSERT INTO "Country" ("code", "name") VALUES ('IT', 'Italy');
UPDATE "Country" SET "name" = upper("name");
