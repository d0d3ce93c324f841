-- Everyone may read the users
GRANT SELECT ON "User" TO PUBLIC;
