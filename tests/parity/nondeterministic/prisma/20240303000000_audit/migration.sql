-- CreateTable
CREATE TABLE "Audit" (
    "id" INTEGER NOT NULL,
    "at" TEXT NOT NULL,
    CONSTRAINT "Audit_pkey" PRIMARY KEY ("id")
);

-- A DO block: its targets are not read from the SQL; every table it wrote counts.
DO $$
BEGIN
  INSERT INTO "Audit" ("id", "at") SELECT g, clock_timestamp()::text FROM generate_series(1, 4) g;
END
$$;
