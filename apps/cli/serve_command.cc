// mroi serve: the JSON API (docs/api.md) and the dashboard over a folder of files
// (--data DIR) or a workspace (--workspace DIR), until SIGTERM or Ctrl-C.
#include <pthread.h>
#include <signal.h>

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <thread>

#include "mroi/server.h"

#include "commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct ServeFlags {
  RunFlags run;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string static_dir = DefaultStaticDir();
  bool require_token = false;
  std::string max_body = "64M";
  double request_timeout_s = 30;
  int threads = 64;
};

// Parse a size in bytes with an optional K, M or G suffix (powers of 1024).
Result<size_t> ParseByteSize(const std::string& text) {
  if (text.empty()) return InvalidArgument("--max-body is empty");
  size_t multiplier = 1;
  std::string digits = text;
  switch (text.back()) {
    case 'K': case 'k': multiplier = size_t{1} << 10; digits.pop_back(); break;
    case 'M': case 'm': multiplier = size_t{1} << 20; digits.pop_back(); break;
    case 'G': case 'g': multiplier = size_t{1} << 30; digits.pop_back(); break;
    default: break;
  }
  MROI_ASSIGN_OR_RETURN(double value, ParseNumberFlag(digits, "--max-body"));
  if (value < 1 || value * static_cast<double>(multiplier) > 16.0 * (1ull << 30)) {
    return InvalidArgument(fmt::format("--max-body '{}' must be between 1 byte and 16G", text));
  }
  return static_cast<size_t>(value * static_cast<double>(multiplier));
}

// The source of the served data, and the folder that keeps the access token.
struct SourceChoice {
  std::shared_ptr<AnalysisSource> source;
  std::string token_dir;
};

Result<SourceChoice> ChooseSource(const ServeFlags& flags) {
  if (!flags.run.workspace.empty()) {
    if (!flags.run.data_dir.empty()) {
      return InvalidArgument("give either --workspace DIR or --data DIR, not both");
    }
    MROI_ASSIGN_OR_RETURN(std::unique_ptr<AnalysisSource> source,
                          MakeWorkspaceSource(flags.run.workspace));
    return SourceChoice{std::move(source), flags.run.workspace};
  }
  if (flags.run.data_dir.empty()) {
    return InvalidArgument("give the data to serve: --data DIR or --workspace DIR");
  }
  std::vector<InputSpec> inputs;
  PipelineOptions options;
  MROI_RETURN_IF_ERROR(ResolveRun(flags.run, &inputs, &options));
  return SourceChoice{MakeInputsSource(std::move(inputs), std::move(options), flags.run.data_dir),
                      flags.run.data_dir};
}

int RunServe(const ServeFlags& flags) {
  // Block the stop signals in every thread (the server's threads inherit the mask);
  // one thread takes them with sigwait(), outside any signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto choice = ChooseSource(flags);
  if (!choice.ok()) return ReportError(choice.status());
  ServerOptions options;
  options.host = flags.host;
  options.port = flags.port;
  options.static_dir = flags.static_dir;
  options.request_timeout_s = flags.request_timeout_s;
  options.threads = flags.threads;
  auto max_body = ParseByteSize(flags.max_body);
  if (!max_body.ok()) return ReportError(max_body.status());
  options.max_body_bytes = *max_body;
  if (flags.require_token || !IsLoopbackHost(flags.host)) {
    auto token = LoadOrCreateAccessToken(choice->token_dir);
    if (!token.ok()) return ReportError(token.status());
    options.token = token->token;
    if (token->created) {
      fmt::print("mroi serve: access token (shown once; kept in {}):\n  {}\n"
                 "send it as 'Authorization: Bearer <token>'\n",
                 token->path, token->token);
    } else {
      fmt::print("mroi serve: requests need the access token of {}\n", token->path);
    }
  }
  auto server = Server::Make(choice->source, options);
  if (!server.ok()) return ReportError(server.status());
  Status routes = AddApiRoutes(**server, choice->token_dir);
  if (!routes.ok()) return ReportError(routes);
  auto port = (*server)->Bind();
  if (!port.ok()) return ReportError(port.status());
  std::string shown_host = flags.host.find(':') != std::string::npos
                               ? fmt::format("[{}]", flags.host)
                               : flags.host;
  fmt::print("mroi serve: http://{}:{}/ ({}: {}, Ctrl-C to stop)\n", shown_host, *port,
             choice->source->kind(), choice->source->description());
  std::fflush(stdout);

  std::atomic<bool> signalled{false};
  Server* running = server->get();
  std::thread waiter([&stop_signals, &signalled, running] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    signalled = true;
    running->Stop();
  });
  Status status = running->Run();
  if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter
  waiter.join();
  if (!status.ok()) return ReportError(status);
  fmt::print("mroi serve: stopped\n");
  return 0;
}

}  // namespace

CommandRunner AddServeCommand(CLI::App* root) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* command = root->add_subcommand(
      "serve",
      "Serve the JSON API (docs/api.md) and the dashboard over a folder of files or a "
      "workspace. Listens on 127.0.0.1 unless --host says otherwise; any other address "
      "needs the access token, made on first start and printed once.\n"
      "Example: mroi serve --data mroi-demo/data\n"
      "         mroi serve --workspace team --host 0.0.0.0 --port 8080");
  AddRunFlags(command, &flags->run);
  if (command->get_option_no_throw("--workspace") == nullptr) {
    command->add_option("--workspace", flags->run.workspace,
                        "Serve a workspace (mroi init) instead of --data");
  }
  command->add_option("--host", flags->host,
                      "Address to listen on (default 127.0.0.1; others need the token)");
  command->add_option("--port", flags->port, "TCP port; 0 picks a free one (default 8080)")
      ->check(CLI::Range(0, 65535));
  command->add_option("--static", flags->static_dir,
                      "Folder of the built dashboard (default: web/dist of the source tree)");
  command->add_flag("--require-token", flags->require_token,
                    "Require the access token on loopback too");
  command->add_option("--max-body", flags->max_body,
                      "Largest request body, e.g. 64M (default), 512K, 1G; larger: 413");
  command->add_option("--request-timeout", flags->request_timeout_s,
                      "Seconds a request waits for its result before 503 + Retry-After "
                      "(the computation goes on; default 30)")
      ->check(CLI::PositiveNumber);
  command->add_option("--threads", flags->threads,
                      "Worker threads, one connection each (default 64)")
      ->check(CLI::Range(1, 1024));
  return [flags] { return RunServe(*flags); };
}

}  // namespace mroi::cli
