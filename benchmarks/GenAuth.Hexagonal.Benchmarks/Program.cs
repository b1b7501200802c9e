// Placeholder while the benchmarks are built; replaced by the BenchmarkSwitcher entry point.
return 0;
