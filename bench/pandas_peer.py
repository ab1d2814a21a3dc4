#!/usr/bin/env python3
"""The pandas peer: today's alternative for large recordings. Reads the CSV
and computes the same windowed replay vectorised: 120-sample rolling OLS
slope and R^2 (x = seconds, y = MiB), the piecewise curve, the score, and
when the leak score first exceeds 0.8."""
import sys

import numpy as np
import pandas as pd

frame = pd.read_csv(sys.argv[1])
t = frame["timestamp"].to_numpy(dtype=np.float64)
t = t - t[0]
y = frame["rss_bytes"].to_numpy(dtype=np.float64) / 1048576.0
xs = pd.Series(t)
ys = pd.Series(y)
window = 120
cov = xs.rolling(window, min_periods=10).cov(ys)
var_x = xs.rolling(window, min_periods=10).var()
var_y = ys.rolling(window, min_periods=10).var()
slope = (cov / var_x).to_numpy()
r2 = ((cov * cov) / (var_x * var_y)).clip(0, 1).fillna(0).to_numpy()
rate = slope * 3600.0
curve = np.where(rate <= 10, 0.5 * rate / 10, np.where(rate <= 50, 0.5 + 0.5 * (rate - 10) / 40, 1.0))
score = np.where(slope > 0, np.minimum(1.0, curve * r2), 0.0)
above = np.flatnonzero(score > 0.8)
print(len(t), float(np.nanmax(score)), int(above[0]) if len(above) else -1)
