-- Hand-written: reference data. Running it twice fails on "Country_pkey".
INSERT INTO "Country" ("code", "name") VALUES
    ('DE', 'Germany'),
    ('FR', 'France'),
    ('CH', 'Switzerland');
