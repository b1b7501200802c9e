using GenAuth.Hexagonal;

namespace GenAuth.Hexagonal.Core.Tests;

public class WechatAppCatalogTests
{
    private static readonly WechatAppCredentials Mini = new("wx1234567890abcdef", "fake-app-secret-for-tests-0001");

    [Fact]
    public void Indexer_NameIsCaseInsensitive_ReturnsSameInstance()
    {
        var catalog = new WechatAppCatalog([KeyValuePair.Create("mini", Mini)]);

        catalog["MINI"].Should().BeSameAs(Mini);
        catalog.AppNames.Should().Equal("mini");
    }

    [Fact]
    public void Indexer_UnknownName_ThrowsListingConfiguredNamesAndKeys()
    {
        var catalog = new WechatAppCatalog([KeyValuePair.Create("mini", Mini)]);

        var act = () => catalog["official"];

        act.Should().Throw<KeyNotFoundException>()
            .WithMessage("*'official'*mini*Wechat:Apps:official:AppId*")
            .Which.Message.Should().NotContain(Mini.AppSecret);
    }

    [Fact]
    public void Constructor_DuplicateNameDifferingByCase_Throws()
    {
        var act = () => new WechatAppCatalog([KeyValuePair.Create("mini", Mini), KeyValuePair.Create("Mini", Mini)]);

        act.Should().Throw<ArgumentException>().WithMessage("*twice*");
    }

    [Fact]
    public void TryGetCredentials_Unknown_ReturnsFalse()
    {
        var catalog = new WechatAppCatalog([]);

        catalog.TryGetCredentials("mini", out var credentials).Should().BeFalse();
        credentials.Should().BeNull();
    }
}
