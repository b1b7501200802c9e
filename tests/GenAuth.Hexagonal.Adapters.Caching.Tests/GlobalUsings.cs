global using GenAuth.Hexagonal.Testing;
global using Microsoft.Extensions.Diagnostics.Metrics.Testing;
