// src/sweep/ owns sweeps beyond one machine (docs/sweeps.md): a run of a command split into
// independent jobs, one command line each, written as a job list for GNU parallel and a
// Slurm array script; and reading back what the jobs wrote.
//
// Layout of a sweep directory DIR (all paths in the scripts are absolute):
//   DIR/plan.json        what was planned: the command, its options, the jobs
//   DIR/jobs.txt         one shell command line per job, in job order (line k = job k)
//   DIR/run_parallel.sh  GNU parallel over jobs.txt with --joblog DIR/joblog.txt --resume
//   DIR/slurm.sbatch     a Slurm array job, task k runs line k of jobs.txt
//   DIR/results/ID.json  a job's output, renamed into place only when the job finished
//                        with a result (exit 0, 1 or 2), so a present file is complete
//   DIR/logs/ID.err      a job's stderr
//   DIR/cache/           the verdict cache the jobs share: every decided check's certificate
// Invariant: a job whose result file exists is done and is skipped when the list is run
// again (by its own command line, whichever runner runs it).
#pragma once
#include <string>
#include <vector>

namespace eb::sweep {

struct Job {
  std::string id;                  // "j0001": the result's and the log's file name
  std::vector<std::string> args;   // the everybit arguments, without the program
};

// The job's shell line: skip when DIR/results/ID.json exists; otherwise run `everybit`
// with args (stdout to a temporary file, stderr to DIR/logs/ID.err), rename the output into
// place when the exit code is one of `done_codes` and exit 0 (a result, even a negative
// one, is a job done for parallel and Slurm); otherwise exit with the command's code.
std::string job_line(const std::string& everybit, const std::string& dir, const Job& job,
                     const std::vector<int>& done_codes);

// Creates DIR, DIR/results, DIR/logs and writes jobs.txt, run_parallel.sh (parallel's
// --jobs default: `workers`) and slurm.sbatch. Throws std::runtime_error (one line).
void write_job_files(const std::string& dir, const std::string& everybit, const std::vector<Job>& jobs,
                     const std::vector<int>& done_codes, int workers);

// Single-quoted for the shell.
std::string shell_quote(const std::string& s);

}  // namespace eb::sweep
