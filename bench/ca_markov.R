# bench/ca_markov.R PATHS.csv ORDER SEED: runs ChannelAttribution's markov_model once on an
# aggregated paths file (path,total_conversions,total_conversion_value,total_null) and
# prints one JSON line: {"seconds": <elapsed of markov_model only>, "removal_effects":
# {"<channel>": <conversion removal effect>, ...}}. Loading the file (fread) is not timed.
# ChannelAttribution is a peer installed by hand for benchmarks only (see bench/README.md);
# it is never a dependency of mroi. Used by bench/markov_vs_ca.sh.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) {
  stop("usage: Rscript bench/ca_markov.R PATHS.csv ORDER SEED")
}
suppressPackageStartupMessages({
  library(data.table)
  library(ChannelAttribution)
})
paths_file <- args[1]
order <- as.integer(args[2])
seed <- as.integer(args[3])

paths <- fread(paths_file)
timing <- system.time(
  model <- markov_model(paths, "path", "total_conversions",
                        var_value = "total_conversion_value", var_null = "total_null",
                        order = order, seed = seed, out_more = TRUE,
                        verbose = FALSE, flg_adv = FALSE)
)
effects <- model$removal_effects
# Column 1 is the channel; the conversion removal effect is removal_effects_conversion.
channel_names <- as.character(effects[[1]])
conversion_effects <- as.numeric(effects[["removal_effects_conversion"]])
json_effects <- paste0('"', gsub('"', '\\\\"', channel_names), '":',
                       sprintf("%.17g", conversion_effects), collapse = ",")
cat(sprintf('{"seconds":%.3f,"removal_effects":{%s}}\n', timing[["elapsed"]], json_effects))
