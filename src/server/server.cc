// The HTTP server of `mroi serve`: routing, authorisation, the result cache, static
// files (docs/api.md). cpp-httplib reads and writes the sockets on a thread pool; every
// handler catches what it calls, so that a request never takes the server down.
#include "mroi/server.h"

#include <sys/socket.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <httplib.h>

#include "mroi/api_analyses.h"
#include "http_rules_internal.h"
#include "result_cache_internal.h"

#ifndef MROI_VERSION
#  define MROI_VERSION "0.0.0"
#endif
#ifndef MROI_WEB_DIST_DIR
#  define MROI_WEB_DIST_DIR "web/dist"
#endif

namespace mroi {

namespace {

using internal::QueryParams;
using PipelinePtr = std::shared_ptr<const PipelineResult>;

constexpr std::string_view kJsonType = "application/json";
constexpr size_t kMaxJsonBodyBytes = size_t{1} << 20;
constexpr int kRetryAfterSeconds = 5;
// A keep-alive connection is closed after this many requests (idle ones after 5 s).
constexpr int kKeepAliveMaxRequests = 100000;
// How long a computation waits for the pipeline run it needs: it is never cut short.
constexpr std::chrono::hours kNoTimeout{24 * 365};

// A route of the API and the methods it answers.
enum class RouteKind : uint8_t {
  kHealth,       // GET
  kImports,      // GET
  kImport,       // POST, the body is a file
  kAnalysis,     // GET, or POST with a JSON object body
};

// The page served at "/" when the dashboard was not built.
constexpr std::string_view kNoDashboardPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mroi</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>mroi serve</h1>
<p>The API is running (<a href="/api/health">/api/health</a>, see docs/api.md), but the
dashboard has not been built. Build it with:</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>then restart <code>mroi serve</code>, or point it at the built folder with
<code>--static DIR</code>.</p>
</body></html>
)";

void SetJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, std::string(kJsonType));
}

void SetError(httplib::Response& res, int status, std::string_view code,
              std::string_view message) {
  SetJson(res, status, internal::ErrorJson(code, message));
}

void SetStatusError(httplib::Response& res, const Status& status) {
  SetError(res, internal::HttpStatusFor(status.code()), StatusCodeName(status.code()),
           status.message());
}

// Whether a failed result may be cached: errors of the request are, errors of the
// moment (I/O, bugs) are not, so that the next request tries again.
template <typename T>
bool Keepable(const Result<T>& result) {
  if (result.ok()) return true;
  StatusCode code = result.status().code();
  return code == StatusCode::kInvalidArgument || code == StatusCode::kNotFound ||
         code == StatusCode::kFailedPrecondition || code == StatusCode::kOutOfRange;
}

std::optional<InputKind> InputKindFromName(std::string_view name) {
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    auto kind = static_cast<InputKind>(kind_idx);
    if (InputKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string InputKindNames() {
  std::vector<std::string_view> names;
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    names.push_back(InputKindName(static_cast<InputKind>(kind_idx)));
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

// Check the file name of an upload: a plain base name.
Status CheckUploadName(std::string_view name) {
  if (name.empty()) return InvalidArgument("give the file name: POST /api/import?name=FILE");
  if (name.size() > 255) return InvalidArgument("the file name is longer than 255 bytes");
  if (name == "." || name == ".." || name.find('/') != std::string_view::npos ||
      name.find('\\') != std::string_view::npos) {
    return InvalidArgument("the file name must be a base name, without '/' or '..'");
  }
  return Status::OK();
}

}  // namespace

struct Server::Impl {
  Impl(std::shared_ptr<AnalysisSource> source_in, ServerOptions options_in)
      : source(std::move(source_in)),
        options(std::move(options_in)),
        pipelines(1, Keepable<PipelinePtr>),
        results(options.max_cached_results, Keepable<std::string>) {}

  // Set up httplib: limits, thread pool, handlers.
  void Configure();

  // The pipeline run of `version`, loaded once; waits at most `timeout` (nullptr then).
  internal::ResultCache<PipelinePtr>::Value GetPipeline(int64_t version,
                                                        std::chrono::milliseconds timeout);
  // The pipeline run of `version`, waiting as long as it takes.
  Result<PipelinePtr> Pipeline(int64_t version);
  // Answer `key` at `version` from the cache, computing it with `compute` if needed.
  void AnswerCached(httplib::Response& res, const std::string& key, int64_t version,
                    const std::function<Result<std::string>()>& compute);
  // A computation that runs `analysis` on the pipeline run of `version`.
  std::function<Result<std::string>()> OnData(
      int64_t version, std::function<Result<std::string>(const PipelineResult&)> analysis);

  void Dispatch(const httplib::Request& req, httplib::Response& res);
  void DispatchApi(const httplib::Request& req, httplib::Response& res,
                   std::string_view route);
  void ServeAnalysis(std::string_view route, const QueryParams& params,
                     const std::string& body, int64_t version, httplib::Response& res);
  void ServeImport(const httplib::Request& req, const QueryParams& params,
                   httplib::Response& res);
  void ServeStatic(const httplib::Request& req, httplib::Response& res);
  const ServeRoute* FindExtraRoute(std::string_view route) const;

  std::shared_ptr<AnalysisSource> source;
  ServerOptions options;
  std::string static_root;  // canonical; empty when there is no dashboard folder
  std::vector<ServeRoute> extra_routes;
  bool bound = false;
  socket_t listen_socket = INVALID_SOCKET;  // set when httplib makes it
  // Stop() → Run(): the listener thread is stopped by Run() once it is running.
  std::mutex stop_mutex;
  std::condition_variable stop_signal;
  bool stop_requested = false;
  std::mutex import_mutex;  // one import at a time
  // Destroyed in reverse order: `results` joins its computations (which may wait on
  // `pipelines`) before `pipelines` and `source` go.
  internal::ResultCache<PipelinePtr> pipelines;
  internal::ResultCache<std::string> results;
  httplib::Server http;
};

internal::ResultCache<PipelinePtr>::Value Server::Impl::GetPipeline(
    int64_t version, std::chrono::milliseconds timeout) {
  return pipelines.Get(
      "pipeline", version,
      [this]() -> Result<PipelinePtr> {
        MROI_ASSIGN_OR_RETURN(PipelineResult run, source->Load());
        return std::make_shared<const PipelineResult>(std::move(run));
      },
      timeout);
}

Result<PipelinePtr> Server::Impl::Pipeline(int64_t version) {
  auto value =
      GetPipeline(version, std::chrono::duration_cast<std::chrono::milliseconds>(kNoTimeout));
  if (value == nullptr) return Internal("the data did not load");
  return *value;
}

std::function<Result<std::string>()> Server::Impl::OnData(
    int64_t version, std::function<Result<std::string>(const PipelineResult&)> analysis) {
  return [this, version, analysis = std::move(analysis)]() -> Result<std::string> {
    MROI_ASSIGN_OR_RETURN(PipelinePtr run, Pipeline(version));
    return analysis(*run);
  };
}

void Server::Impl::AnswerCached(httplib::Response& res, const std::string& key,
                                int64_t version,
                                const std::function<Result<std::string>()>& compute) {
  auto timeout = std::chrono::milliseconds(
      static_cast<int64_t>(options.request_timeout_s * 1000.0));
  internal::ResultCache<std::string>::Value value =
      results.Get(key, version, compute, timeout);
  if (value == nullptr) {
    res.set_header("Retry-After", std::to_string(kRetryAfterSeconds));
    SetError(res, 503, "unavailable",
             fmt::format("the result is still being computed; retry in {} seconds",
                         kRetryAfterSeconds));
    return;
  }
  if (!value->ok()) {
    SetStatusError(res, value->status());
    return;
  }
  SetJson(res, 200, **value);
}

const ServeRoute* Server::Impl::FindExtraRoute(std::string_view route) const {
  for (const ServeRoute& extra : extra_routes) {
    if (extra.name == route) return &extra;
  }
  return nullptr;
}

void Server::Impl::ServeAnalysis(std::string_view route, const QueryParams& params,
                                 const std::string& body, int64_t version,
                                 httplib::Response& res) {
  std::string canonical = internal::CanonicalQuery(params);
  auto single = [&params](std::string_view name) {
    auto value = internal::SingleParam(params, name);
    return value.ok() ? *value : std::string();
  };
  auto allowed = [&](const std::vector<std::string>& names) {
    Status status = internal::CheckParams(params, names, fmt::format("/api/{}", route));
    for (const auto& [name, values] : params) {
      if (!status.ok()) break;
      if (values.size() > 1 && name != "channel") {
        status = internal::SingleParam(params, name).status();
      }
    }
    if (!status.ok()) SetStatusError(res, status);
    return status.ok();
  };
  std::string key = fmt::format("{}?{}", route, canonical);
  if (route == "metrics") {
    if (!allowed({"period", "compare", "channel"})) return;
    api::MetricsQuery query;
    query.period = single("period");
    query.compare = single("compare");
    if (auto found = params.find("channel"); found != params.end()) query.channels = found->second;
    return AnswerCached(res, key, version, OnData(version, [query](const PipelineResult& run) {
                          return api::MetricsJson(run, query);
                        }));
  }
  if (route == "attribution") {
    if (!allowed({"model", "period", "half_life_days"})) return;
    api::AttributionQuery query;
    if (std::string model = single("model"); !model.empty()) query.model = model;
    query.period = single("period");
    if (std::string half_life = single("half_life_days"); !half_life.empty()) {
      char* end = nullptr;
      query.half_life_days = std::strtod(half_life.c_str(), &end);
      if (end == half_life.c_str() || *end != '\0') {
        return SetStatusError(res, InvalidArgument(fmt::format(
                                       "half_life_days '{}' is not a number", half_life)));
      }
    }
    return AnswerCached(res, key, version, OnData(version, [query](const PipelineResult& run) {
                          return api::AttributionJson(run, query);
                        }));
  }
  if (route == "cleaning") {
    if (!allowed({})) return;
    return AnswerCached(res, key, version, OnData(version, [](const PipelineResult& run) {
                          return Result<std::string>(CleanSummaryJson(run));
                        }));
  }
  if (route == "report" || route.substr(0, 7) == "report/") {
    if (!allowed({"period", "compare"})) return;
    api::ReportQuery query{single("period"), single("compare")};
    std::string report_key = fmt::format("report?{}", canonical);
    auto report = OnData(version, [query](const PipelineResult& run) {
      return api::ReportJson(run, query);
    });
    if (route == "report") return AnswerCached(res, report_key, version, report);
    std::string section(route.substr(7));
    return AnswerCached(res, key, version, [this, report_key, version, report, section] {
      auto value = results.Get(report_key, version, report,
                               std::chrono::duration_cast<std::chrono::milliseconds>(kNoTimeout));
      if (value == nullptr) return Result<std::string>(Internal("the report did not finish"));
      if (!value->ok()) return Result<std::string>(value->status());
      return api::ReportSection(**value, section);
    });
  }
  const ServeRoute* extra = FindExtraRoute(route);
  if (extra == nullptr) {
    return SetError(res, 404, "not_found", fmt::format("no API route /api/{}", route.substr(0, 200)));
  }
  if (!allowed(extra->params)) return;
  ServeRequest request{params, body};
  if (!body.empty()) key += "\n" + body;
  auto handler = extra->handler;
  if (!extra->needs_data) {
    return AnswerCached(res, key, version,
                        [handler, request] { return handler(nullptr, request); });
  }
  AnswerCached(res, key, version, OnData(version, [handler, request](const PipelineResult& run) {
                 return handler(&run, request);
               }));
}

void Server::Impl::ServeImport(const httplib::Request& req, const QueryParams& params,
                               httplib::Response& res) {
  Status status = internal::CheckParams(params, {"name", "kind"}, "/api/import");
  if (!status.ok()) return SetStatusError(res, status);
  auto name = internal::SingleParam(params, "name");
  auto kind_name = internal::SingleParam(params, "kind");
  if (!name.ok()) return SetStatusError(res, name.status());
  if (!kind_name.ok()) return SetStatusError(res, kind_name.status());
  if (Status checked = CheckUploadName(*name); !checked.ok()) return SetStatusError(res, checked);
  std::optional<InputKind> kind =
      kind_name->empty() ? InputKindFromFileName(*name) : InputKindFromName(*kind_name);
  if (!kind) {
    return SetStatusError(
        res, InvalidArgument(kind_name->empty()
                                 ? fmt::format("cannot tell what '{}' holds from its name; "
                                               "give kind= one of {}",
                                               *name, InputKindNames())
                                 : fmt::format("unknown kind '{}'; expected one of {}",
                                               kind_name->substr(0, 64), InputKindNames())));
  }
  if (req.body.empty()) return SetError(res, 400, "invalid_argument", "the request body is empty");
  std::lock_guard<std::mutex> lock(import_mutex);
  Result<std::string> summary = source->Import(*name, *kind, req.body);
  if (!summary.ok()) {
    if (summary.status().code() == StatusCode::kUnimplemented) {
      return SetError(res, 409, "read_only", summary.status().message());
    }
    return SetStatusError(res, summary.status());
  }
  SetJson(res, 200, *summary);
}

void Server::Impl::DispatchApi(const httplib::Request& req, httplib::Response& res,
                               std::string_view route) {
  RouteKind kind = RouteKind::kAnalysis;
  if (route == "health") kind = RouteKind::kHealth;
  if (route == "imports") kind = RouteKind::kImports;
  if (route == "import") kind = RouteKind::kImport;
  bool known = kind != RouteKind::kAnalysis || route == "metrics" || route == "attribution" ||
               route == "cleaning" || route == "report" ||
               (route.substr(0, 7) == "report/" && internal::IsValidRouteName(route) &&
                route.find('/', 7) == std::string_view::npos) ||
               FindExtraRoute(route) != nullptr;
  if (!known) {
    return SetError(res, 404, "not_found",
                    fmt::format("no API route /api/{}; see docs/api.md", route.substr(0, 200)));
  }
  const bool is_get = req.method == "GET" || req.method == "HEAD";
  const bool is_post = req.method == "POST";
  std::string allow = kind == RouteKind::kImport    ? "POST"
                      : kind == RouteKind::kAnalysis ? "GET, HEAD, POST"
                                                     : "GET, HEAD";
  if (!((is_get && kind != RouteKind::kImport) ||
        (is_post && (kind == RouteKind::kImport || kind == RouteKind::kAnalysis)))) {
    res.set_header("Allow", allow);
    return SetError(res, 405, "method_not_allowed",
                    fmt::format("/api/{} answers {}", route, allow));
  }
  QueryParams params;
  for (const auto& [name, value] : req.params) params[name].push_back(value);
  if (kind == RouteKind::kImport) return ServeImport(req, params, res);
  if (kind != RouteKind::kAnalysis) {
    if (!params.empty()) {
      return SetStatusError(res, internal::CheckParams(params, {}, fmt::format("/api/{}", route)));
    }
  }
  if (is_post && !req.body.empty()) {
    if (req.body.size() > kMaxJsonBodyBytes) {
      return SetError(res, 413, "payload_too_large",
                      fmt::format("a JSON request body may hold at most {} bytes",
                                  kMaxJsonBodyBytes));
    }
    auto body_params = internal::ParamsFromJsonBody(req.body);
    if (!body_params.ok()) return SetStatusError(res, body_params.status());
    for (auto& [name, values] : *body_params) {
      std::vector<std::string>& into = params[name];
      into.insert(into.end(), values.begin(), values.end());
    }
  }
  Result<int64_t> version = source->DataVersion();
  if (!version.ok()) return SetStatusError(res, version.status());
  if (kind == RouteKind::kHealth) {
    return SetJson(res, 200,
                   fmt::format(R"({{"status":"ok","version":"{}","data_version":{},"source":"{}"}})",
                               options.version, *version, source->kind()));
  }
  if (kind == RouteKind::kImports) {
    Result<std::string> imports = source->ImportsJson();
    if (!imports.ok()) return SetStatusError(res, imports.status());
    return SetJson(res, 200, *imports);
  }
  ServeAnalysis(route, params, is_post ? req.body : std::string(), *version, res);
}

void Server::Impl::ServeStatic(const httplib::Request& req, httplib::Response& res) {
  if (req.method != "GET" && req.method != "HEAD") {
    res.set_header("Allow", "GET, HEAD");
    return SetError(res, 405, "method_not_allowed", "static files answer GET and HEAD");
  }
  if (static_root.empty()) {
    if (req.path == "/" || req.path == "/index.html") {
      res.status = 200;
      return res.set_content(std::string(kNoDashboardPage), "text/html; charset=utf-8");
    }
    return SetError(res, 404, "not_found", "no such file (the dashboard is not built)");
  }
  Result<std::string> file = internal::ResolveStaticPath(static_root, req.path);
  if (!file.ok() && file.status().code() == StatusCode::kNotFound) {
    // A client-side route of the single-page app ("/channels"): its index.html.
    std::string_view last = std::string_view(req.path).substr(req.path.rfind('/') + 1);
    if (last.find('.') == std::string_view::npos) {
      file = internal::ResolveStaticPath(static_root, "/");
    }
  }
  if (!file.ok()) return SetStatusError(res, file.status());
  std::ifstream in(*file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) return SetError(res, 500, "io_error", "the file cannot be read");
  res.status = 200;
  bool hashed_asset = req.path.rfind("/assets/", 0) == 0;
  res.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_content(content.str(), std::string(internal::ContentTypeFor(*file)));
}

void Server::Impl::Dispatch(const httplib::Request& req, httplib::Response& res) {
  try {
    res.set_header("X-Content-Type-Options", "nosniff");
    std::string_view path = req.path;
    if (path == "/api" || path.rfind("/api/", 0) == 0) {
      std::string_view route = path.size() > 5 ? path.substr(5) : std::string_view();
      return DispatchApi(req, res, route);
    }
    ServeStatic(req, res);
  } catch (const std::exception& error) {
    SetError(res, 500, "internal", error.what());
  }
}

void Server::Impl::Configure() {
  const int threads = options.threads;
  http.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  http.set_payload_max_length(options.max_body_bytes);
  http.set_read_timeout(options.read_timeout_s, 0);
  http.set_write_timeout(options.write_timeout_s, 0);
  http.set_keep_alive_max_count(kKeepAliveMaxRequests);
  // Small answers (health, errors) are written as headers then body: without
  // TCP_NODELAY, Nagle's algorithm holds the body until the client's delayed ACK
  // (~40 ms per request).
  http.set_tcp_nodelay(true);
  // httplib 0.11 listens with a backlog of 5: a burst of new connections overflows it
  // and waits for SYN retries (1 s, 3 s). Keep the listening socket to raise it in Bind().
  http.set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_socket = sock;
  });
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    std::string_view path = req.path;
    bool api = path == "/api" || path.rfind("/api/", 0) == 0;
    if (!api || options.token.empty() ||
        internal::BearerTokenMatches(req.get_header_value("Authorization"), options.token)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.set_header("WWW-Authenticate", "Bearer");
    SetError(res, 401, "unauthorized",
             "this server needs 'Authorization: Bearer <token>' (the token is in the "
             ".mroi-token file of the served folder)");
    return httplib::Server::HandlerResponse::Handled;
  });
  auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    Dispatch(req, res);
  };
  // One handler for every path and method: the routing (404 vs 405) is Dispatch()'s.
  const std::string every_path = "/.*";
  http.Get(every_path, dispatch);
  http.Post(every_path, dispatch);
  http.Put(every_path, dispatch);
  http.Patch(every_path, dispatch);
  http.Delete(every_path, dispatch);
  http.Options(every_path, dispatch);
  // Errors httplib answers itself (413 body too large, 400 bad request line, 404 for a
  // path without a leading '/'): the same JSON error shape.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string_view code = res.status == 413   ? "payload_too_large"
                            : res.status == 404 ? "not_found"
                            : res.status == 405 ? "method_not_allowed"
                            : res.status == 414 ? "uri_too_long"
                            : res.status >= 500 ? "internal"
                                                : "bad_request";
    std::string_view message = res.status == 413   ? "the request body is too large"
                               : res.status == 414 ? "the request URI is too long"
                               : res.status == 404 ? "no such path"
                                                   : "the request is malformed";
    SetError(res, res.status, code, message);
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SetError(res, 500, "internal", "the request failed");
      });
}

Result<std::unique_ptr<Server>> Server::Make(std::shared_ptr<AnalysisSource> source,
                                             ServerOptions options) {
  if (source == nullptr) return InvalidArgument("the server needs a data source");
  if (!IsLoopbackHost(options.host) && options.token.empty()) {
    return InvalidArgument(fmt::format(
        "listening on {} (not loopback) needs an access token", options.host));
  }
  if (options.threads < 1) return InvalidArgument("threads must be at least 1");
  if (!(options.request_timeout_s > 0) || options.read_timeout_s < 1 ||
      options.write_timeout_s < 1) {
    return InvalidArgument("timeouts must be positive");
  }
  if (options.port < 0 || options.port > 65535) {
    return InvalidArgument(fmt::format("port {} is not in 0..65535", options.port));
  }
  if (options.version.empty()) options.version = MROI_VERSION;
  auto impl = std::make_unique<Impl>(std::move(source), std::move(options));
  if (!impl->options.static_dir.empty()) {
    std::error_code error;
    std::filesystem::path root = std::filesystem::canonical(impl->options.static_dir, error);
    if (!error && std::filesystem::is_directory(root, error)) impl->static_root = root.string();
  }
  impl->Configure();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::string DefaultStaticDir() { return MROI_WEB_DIST_DIR; }

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  impl_->http.stop();
}

Status Server::AddRoute(ServeRoute route) {
  if (impl_->bound) return InvalidArgument("routes must be added before Bind()");
  if (!internal::IsValidRouteName(route.name)) {
    return InvalidArgument(fmt::format(
        "route name '{}' must be 1-64 of a-z 0-9 _ - / without a leading or trailing '/'",
        route.name));
  }
  static const std::vector<std::string_view> kBuiltIn = {
      "health", "imports", "import", "metrics", "attribution", "cleaning", "report"};
  bool taken = std::find(kBuiltIn.begin(), kBuiltIn.end(), route.name) != kBuiltIn.end() ||
               route.name.rfind("report/", 0) == 0 ||
               impl_->FindExtraRoute(route.name) != nullptr;
  if (taken) return InvalidArgument(fmt::format("route /api/{} is taken", route.name));
  if (!route.handler) return InvalidArgument(fmt::format("route /api/{} has no handler", route.name));
  impl_->extra_routes.push_back(std::move(route));
  return Status::OK();
}

Result<int> Server::Bind() {
  if (impl_->bound) return InvalidArgument("the server is bound already");
  int port = impl_->options.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(impl_->options.host);
    if (port < 0) port = -1;
  } else if (!impl_->http.bind_to_port(impl_->options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    return IOError(fmt::format("cannot listen on {}:{} (address in use or not available)",
                               impl_->options.host, impl_->options.port));
  }
  impl_->bound = true;
  // listen() again on a listening socket only changes its backlog (Linux).
  if (impl_->listen_socket != INVALID_SOCKET) ::listen(impl_->listen_socket, SOMAXCONN);
  // Start loading the data now, so that the first request waits less.
  Result<int64_t> version = impl_->source->DataVersion();
  if (version.ok()) impl_->GetPipeline(*version, std::chrono::milliseconds(0));
  return port;
}

Status Server::Run() {
  if (!impl_->bound) return FailedPrecondition("Bind() the server before Run()");
  // The accept loop runs on a thread of its own, so that a Stop() that comes before
  // the loop has started is not lost: this thread waits for it, then stops the loop
  // once it runs (httplib's stop() does nothing before).
  std::atomic<bool> listener_done{false};
  std::thread listener([this, &listener_done] {
    impl_->http.listen_after_bind();
    listener_done = true;
    std::lock_guard<std::mutex> lock(impl_->stop_mutex);
    impl_->stop_signal.notify_all();
  });
  {
    std::unique_lock<std::mutex> lock(impl_->stop_mutex);
    impl_->stop_signal.wait(lock, [&] { return impl_->stop_requested || listener_done; });
  }
  while (!listener_done && !impl_->http.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->http.stop();  // closes the socket; in-flight requests finish
  listener.join();
  return Status::OK();
}

void Server::Stop() {
  std::lock_guard<std::mutex> lock(impl_->stop_mutex);
  impl_->stop_requested = true;
  impl_->stop_signal.notify_all();
}

}  // namespace mroi
