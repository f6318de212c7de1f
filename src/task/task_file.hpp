// Task files (docs/tasks.md): a task given as JSON by its alphabet, positions, the
// parties' positions, optional per-position domains and fixed tokens, and its truth table.
// Every error names the offending field: "truth.table: 15 characters, expected 16 ...".
#pragma once
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "task/task.hpp"
#include "task/task_table.hpp"

namespace eb {

// what() is "[PREFIX]FIELD: PROBLEM", or "[PREFIX]PROBLEM" for the file as a whole.
struct TaskFileError : std::runtime_error {
  TaskFileError(const std::string& field, const std::string& problem, const std::string& prefix = "")
      : std::runtime_error(prefix + (field.empty() ? problem : field + ": " + problem)), field(field), problem(problem) {}
  std::string field;  // "alphabet", "truth.table", "fixed.3", ... (empty: the file as a whole)
  std::string problem;
};

// Parses and validates a task file's JSON. Throws TaskFileError.
std::shared_ptr<const TaskTable> parse_task_table(const nlohmann::json& j);

// The canonical JSON of a table task: the same task (the same domains and truth), the
// same JSON. Singleton domains are written under "fixed", other restricted domains under
// "domain", the truth always as "table". parse_task_table(task_table_json(t)) == t.
nlohmann::json task_table_json(const TaskTable& t);

// Reads a task file; TaskFileError for an unreadable file, bad JSON or a bad field.
Task load_task_file(const std::string& path);

// Whether a --task argument names a task file rather than a task name: it ends in
// ".json" or is an existing regular file.
bool looks_like_task_file(const std::string& arg);

}  // namespace eb
