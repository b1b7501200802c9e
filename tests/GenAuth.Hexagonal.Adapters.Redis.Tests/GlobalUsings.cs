global using GenAuth.Hexagonal.Adapters.Redis.Tests.Infrastructure;
global using GenAuth.Hexagonal.Testing;
global using Microsoft.Extensions.Diagnostics.Metrics.Testing;
