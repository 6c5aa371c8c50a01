#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/ingest.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"
#include "mroi/status.h"

// The HTTP server of `mroi serve` (docs/api.md): a JSON API over one analysis source
// (a folder of files or a workspace) and the dashboard's static files.
//
// The server knows nothing of where the data lives: it asks an AnalysisSource for the
// pipeline run, for a version number that changes on import, and to import uploads.
// Every analysis result is computed once per (route, query, data version) and cached;
// concurrent requests for the same result wait for one computation.
namespace mroi {

/// Where the served data comes from. Implementations: MakeInputsSource() (a folder of
/// files, read-only) and MakeWorkspaceSource() (a workspace).
/// Thread safety: the server calls every method from many threads at once; an
/// implementation serialises what needs it (the server never runs two Import() calls
/// at once, but Load() and DataVersion() may run during an Import()).
class AnalysisSource {
 public:
  virtual ~AnalysisSource() = default;

  /// "data" for a folder of files, "workspace" for a workspace.
  virtual std::string_view kind() const = 0;
  /// What is served, for the start banner: the folder's path.
  virtual std::string description() const = 0;

  /// Return a number that changes whenever the data changes (an import commits). The
  /// cache key of every result; called on every request, so it must be cheap.
  virtual Result<int64_t> DataVersion() = 0;

  /// Run the pipeline over the current data. The server calls it once per data
  /// version and shares the result between requests. Errors: those of the pipeline.
  virtual Result<PipelineResult> Load() = 0;

  /// Return the JSON of GET /api/imports: {"source":kind,"imports":[...]}.
  virtual Result<std::string> ImportsJson() = 0;

  /// Import `bytes` as a file named `name` holding `kind` records and return the JSON
  /// cleaning summary of the import. Error kUnimplemented for a read-only source (the
  /// server answers 409); kInvalidArgument for a file that cannot be read at all.
  virtual Result<std::string> Import(std::string_view name, InputKind kind,
                                     std::string_view bytes) = 0;
};

/// A read-only source over input files: `inputs` run with `options` (the --data DIR
/// source). DataVersion() is 1; Import() is kUnimplemented. `description` names the
/// folder in the banner and in GET /api/imports.
std::unique_ptr<AnalysisSource> MakeInputsSource(std::vector<InputSpec> inputs,
                                                 PipelineOptions options,
                                                 std::string description);

/// The source of `mroi serve --workspace DIR`: the workspace's imports (Workspace and
/// RunWorkspacePipeline), its data version, uploads imported with ImportBytes and
/// answered as `mroi import --json`. Errors: those of Workspace::Open().
Result<std::unique_ptr<AnalysisSource>> MakeWorkspaceSource(const std::string& dir);

/// One request to an API route, as the handler of a ServeRoute sees it.
struct ServeRequest {
  /// Query parameters, and for a POST with a JSON object body its members (a string,
  /// number or boolean gives one value, an array of them one value each). A name given
  /// twice holds two values, in order.
  std::map<std::string, std::vector<std::string>, std::less<>> params;
  /// The raw body ("" for GET); when non-empty it is a JSON object (checked).
  std::string body;
};

/// An extra JSON route, registered with Server::AddRoute() (the CLI's clv, segments,
/// churn, plan and abtest analyses). Served at GET and POST /api/<name>.
struct ServeRoute {
  /// Path under /api/: lowercase letters, digits, '_', '-' and '/' ("clv",
  /// "plan/reverse"); must not clash with a built-in route.
  std::string name;
  /// Parameter names the route accepts; any other is answered 400 naming them.
  std::vector<std::string> params;
  /// Whether the handler needs the pipeline run (else it gets nullptr). Default true.
  bool needs_data = true;
  /// Compute the JSON answer. `data` is the run of the current data version (nullptr
  /// when !needs_data). kInvalidArgument → 400, kNotFound → 404,
  /// kFailedPrecondition → 422, other errors → 500. Called once per distinct request
  /// and data version (results are cached), possibly from several threads at once.
  std::function<Result<std::string>(const PipelineResult* data, const ServeRequest& request)>
      handler;
};

class Server;

/// Register the routes of the api layer on `server`: /api/clv, /api/churn (limit = top),
/// /api/segments, /api/plan/reverse, /api/plan/montecarlo, /api/plan/optimize (response
/// curves from `source_dir`/response_model.json, else fitted on the history) and
/// /api/abtest (test = proportions|means|bayes|power). docs/api.md lists their parameters.
Status AddApiRoutes(Server& server, const std::string& source_dir);

/// Settings of the server.
struct ServerOptions {
  /// Address to listen on. Default "127.0.0.1". Anything but a loopback address
  /// requires a token (Server::Make fails without one).
  std::string host = "127.0.0.1";
  /// TCP port; 0 picks a free one (Server::Bind returns it). Default 8080.
  int port = 8080;
  /// Folder of the dashboard's built files; empty or missing: "/" explains how to
  /// build it. Default empty.
  std::string static_dir;
  /// When non-empty, every /api/ request needs "Authorization: Bearer <token>".
  std::string token;
  /// Largest request body; larger ones get 413. Default 64 MiB.
  size_t max_body_bytes = size_t{64} << 20;
  /// Longest a request waits for a result; then 503 with Retry-After while the
  /// computation goes on. Default 30 s.
  double request_timeout_s = 30;
  /// Socket read and write timeouts (a slow client is cut off). Default 10 s each.
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  /// Worker threads; each serves one connection at a time. Default 64.
  int threads = 64;
  /// Results kept in the cache (least recently used dropped first). Default 512.
  size_t max_cached_results = 512;
  /// Version shown by GET /api/health. Default "" = the library's.
  std::string version;
};

/// The HTTP server. Make(), then AddRoute() as needed, Bind(), Run() (blocks) and,
/// from another thread or a signal-waiting thread, Stop(). Thread safety: Stop() may
/// be called from any thread; the other methods from one thread.
class Server {
 public:
  /// Build a server over `source`. Errors: kInvalidArgument for a bad option (a
  /// non-loopback host without a token, threads < 1, a timeout <= 0).
  static Result<std::unique_ptr<Server>> Make(std::shared_ptr<AnalysisSource> source,
                                              ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Register an extra route. Errors: kInvalidArgument for a bad or taken name, a
  /// missing handler, or a call after Bind().
  Status AddRoute(ServeRoute route);

  /// Listen on options.host:options.port and return the port bound. Also starts
  /// loading the data in the background. Error kIOError when the address is taken.
  Result<int> Bind();

  /// Serve until Stop(): returns OK after in-flight requests have finished.
  /// REQUIRES: Bind() succeeded.
  Status Run();

  /// Stop accepting connections; Run() returns once in-flight requests are answered.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The dashboard folder compiled in: <source tree>/web/dist.
std::string DefaultStaticDir();

/// True for "localhost", "127.x.y.z" and "::1".
bool IsLoopbackHost(std::string_view host);

/// The access token of a folder: read from `<dir>/.mroi-token`, or made (32 random
/// bytes from the OS, as 64 hex digits) and written there with mode 0600.
struct AccessToken {
  std::string token;
  std::string path;
  bool created = false;  // true when made now (print it once)
};
/// Load or create the token of `dir`. Errors: kIOError when the file cannot be read
/// or written, kInvalidArgument when it holds no 64-hex-digit token.
Result<AccessToken> LoadOrCreateAccessToken(const std::string& dir);

}  // namespace mroi
