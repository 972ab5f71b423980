#pragma once

namespace livesnap {
class DataDirectory;
}

namespace livesnap::cli {

// `livesnapctl --catalog URL set-catalog-password`: reads a PostgreSQL catalog's password from
// stdin (one line, never an argument: `ps` would show it) and keeps it in the keychain, where
// engines and the console look when PGPASSWORD and ~/.pgpass give none. An empty line removes
// it. Prints {"Catalog": URL, "PasswordStored": true|false}.
int setCatalogPassword(const DataDirectory &dataDirectory, bool help);

} // namespace livesnap::cli
