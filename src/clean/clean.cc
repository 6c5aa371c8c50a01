// layer clean
