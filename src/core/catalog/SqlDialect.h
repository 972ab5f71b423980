#pragma once

namespace livesnap {

// The SQL dialect a catalog speaks; the few statements that differ ask for it.
enum class SqlDialect { Sqlite, Postgres };

} // namespace livesnap
