-- CreateIndex (needs the column of the previous migration: fails if the run went on from its down())
CREATE INDEX "Country_euMember_idx" ON "Country"("euMember");
