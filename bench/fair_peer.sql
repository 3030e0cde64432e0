CREATE TEMP TABLE csv(community TEXT, grid TEXT, building INTEGER, entrance INTEGER, room INTEGER, name TEXT, relation TEXT, sex TEXT, birth TEXT, id_number TEXT, phone TEXT, residence TEXT, tags TEXT, politics TEXT, street TEXT);
.import --csv --skip 1 {csv} csv
BEGIN;
CREATE TABLE households(id INTEGER PRIMARY KEY, street TEXT, community TEXT, grid TEXT, building INTEGER, entrance INTEGER, room INTEGER);
INSERT INTO households(street, community, grid, building, entrance, room) SELECT DISTINCT street, community, grid, building, entrance, room FROM csv;
CREATE UNIQUE INDEX households_by_address ON households(community, building, entrance, room);
CREATE INDEX households_by_grid ON households(community, grid);
CREATE TABLE residents(id INTEGER PRIMARY KEY, household INTEGER NOT NULL REFERENCES households(id), name TEXT, relation TEXT, sex TEXT, birth TEXT, id_number TEXT, phone TEXT, residence TEXT, tags TEXT, politics TEXT);
INSERT INTO residents(household, name, relation, sex, birth, id_number, phone, residence, tags, politics) SELECT h.id, c.name, c.relation, c.sex, c.birth, c.id_number, c.phone, c.residence, c.tags, c.politics FROM csv c JOIN households h ON h.community = c.community AND h.building = c.building AND h.entrance = c.entrance AND h.room = c.room;
CREATE INDEX residents_by_household ON residents(household);
CREATE INDEX residents_by_id_number ON residents(id_number);
COMMIT;
SELECT count(*) FROM households;
