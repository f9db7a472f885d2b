-- A name search of several tokens checks a token that matches very many
-- key rows (a common name, a one-letter prefix) per candidate client: does
-- this client have a key in the token's range or list? With the key in the
-- index that is one index search per check; by client_id alone it read
-- every key of the client. The index also serves deleting a client's keys
-- (ADR 5).
DROP INDEX client_search_keys_client;
CREATE INDEX client_search_keys_client ON client_search_keys (client_id, key);
