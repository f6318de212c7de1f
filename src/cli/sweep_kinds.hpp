// The kinds of `everybit sweep` (docs/sweeps.md), one file each: how a run of table,
// threshold, capacity or calc is split into jobs (add_sweep_plan_*), how a job's output
// is recognised as its own (check_*_result), and the merge (merge_*).
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/sweep_cli.hpp"

namespace eb::cli {

void add_sweep_plan_table(CLI::App* plan, int& code);
void check_table_result(const nlohmann::json& job, const nlohmann::json& out);
int merge_table(const MergeRequest& m);

void add_sweep_plan_threshold(CLI::App* plan, int& code);
void check_threshold_result(const nlohmann::json& job, const nlohmann::json& out);
int merge_threshold(const MergeRequest& m);

void add_sweep_plan_capacity(CLI::App* plan, int& code);
// `sweep check`: one check of the capacity walk (the capacity jobs' command line).
void add_sweep_check(CLI::App* sweep, int& code);
void check_capacity_result(const nlohmann::json& job, const nlohmann::json& out);
int merge_capacity(const MergeRequest& m);

void add_sweep_plan_calc(CLI::App* plan, int& code);
void check_calc_result(const nlohmann::json& job, const nlohmann::json& out);
int merge_calc(const MergeRequest& m);

}  // namespace eb::cli
