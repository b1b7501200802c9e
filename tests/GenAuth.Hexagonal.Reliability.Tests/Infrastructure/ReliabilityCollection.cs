namespace GenAuth.Hexagonal.Reliability.Tests.Infrastructure;

/// <summary>The one collection of the suite: its tests share <see cref="ReliabilityFixture"/> and run sequentially.</summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityFixture>
{
    public const string Name = "Reliability";
}
