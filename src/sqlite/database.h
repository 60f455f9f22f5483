#pragma once
// Thin RAII layer over the SQLite C API: a connection, prepared statements and
// transactions. Hand-written because no C++ SQLite wrapper is packaged in Debian
// that we would rather depend on; it is small and only does what the store needs.
// Below both store/ (the collection) and content/ (which reads Anki's SQLite files), so
// neither has to include the other for it.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "sqlite/sqlite_error.h"

namespace stride::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  template <class T>
    requires std::is_integral_v<T>
  Statement& bind(int i, T v) { return bind_i64(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_null(int i);
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) { return v ? bind(i, *v) : bind_null(i); }

  bool step();          // true while a row is available
  void run();           // steps to completion, resets
  void reset();

  int64_t i64(int col) const;
  int integer(int col) const { return static_cast<int>(i64(col)); }
  double real(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;
  // The result's shape, for code that copies whole rows (store/card_changes: undo of a delete).
  int column_count() const;
  std::string column_name(int col) const;
  int column_type(int col) const;  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL

 private:
  Statement& bind_i64(int i, int64_t v);
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly };
  Database(const std::filesystem::path& path, Mode mode);
  Database(const Database&) = delete;
  ~Database();

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  int64_t scalar(std::string_view sql);   // first column of the first row, 0 if none
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

// BEGIN IMMEDIATE on construction (the write lock is taken up front, so a busy
// database fails here and not halfway through); ROLLBACK unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

[[noreturn]] void throw_sqlite(sqlite3* db, std::string_view what);

}  // namespace stride::sqlite
