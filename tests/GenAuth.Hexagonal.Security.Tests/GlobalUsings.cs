global using GenAuth.Hexagonal.Security.Tests.Infrastructure;
