#!/usr/bin/env python3
"""lifetimes' side of bench/clv_vs_lifetimes.sh: times lifetimes 0.11 on clv_bench's CSVs.

  lifetimes_fit.py fit SUMMARY.csv        BetaGeoFitter().fit on every row and
                                          GammaGammaFitter().fit on the repeat customers
                                          (frequency > 0), default settings (penalizer 0).
  lifetimes_fit.py summary TRANSACTIONS.csv
                                          summary_data_from_transaction_data at daily
                                          resolution, observation end = last purchase day;
                                          dates are parsed before the clock starts (mroi's
                                          SummariseTransactions gets parsed times too).
Prints one JSON object: seconds of the timed call, fitted parameters or column sums,
peak RSS (getrusage, whole process). lifetimes is never a dependency of mroi: it is
installed by hand for benchmarks (bench/README.md) and found through PYTHONPATH.
"""
import json
import resource
import sys
import time


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_fit(path):
    import pandas as pd
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    data = pd.read_csv(path)
    start = time.perf_counter()
    bgf = BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    bg_seconds = time.perf_counter() - start
    repeat = data[data["frequency"] > 0]
    start = time.perf_counter()
    ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    gg_seconds = time.perf_counter() - start
    return {
        "mode": "fit",
        "customers": int(len(data)),
        "repeat_customers": int(len(repeat)),
        "bg_nbd": {"seconds": bg_seconds, "params": {k: float(v) for k, v in bgf.params_.items()}},
        "gamma_gamma": {"seconds": gg_seconds, "params": {k: float(v) for k, v in ggf.params_.items()}},
        "peak_rss_mib": peak_rss_mib(),
    }


def run_summary(path):
    import pandas as pd
    from lifetimes.utils import summary_data_from_transaction_data

    data = pd.read_csv(path)
    data["date"] = pd.to_datetime(data["date"], format="%Y-%m-%d")
    start = time.perf_counter()
    summary = summary_data_from_transaction_data(
        data, "customer_id", "date", monetary_value_col="amount",
        observation_period_end=data["date"].max(), freq="D")
    seconds = time.perf_counter() - start
    return {
        "mode": "summary",
        "transactions": int(len(data)),
        "customers": int(len(summary)),
        "seconds": seconds,
        "sum_frequency": float(summary["frequency"].sum()),
        "sum_recency": float(summary["recency"].sum()),
        "sum_T": float(summary["T"].sum()),
        "sum_monetary_value": float(summary["monetary_value"].sum()),
        "peak_rss_mib": peak_rss_mib(),
    }


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("fit", "summary"):
        sys.stderr.write("usage: lifetimes_fit.py fit SUMMARY.csv | summary TRANSACTIONS.csv\n")
        return 2
    result = run_fit(sys.argv[2]) if sys.argv[1] == "fit" else run_summary(sys.argv[2])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
