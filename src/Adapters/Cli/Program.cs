// Placeholder while the CLI is built; replaced by the real entry point.
return 0;
