using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace GenAuth.Hexagonal.Testing.Tests;

public sealed partial class WechatTokenEmulatorTests
{
    private const string WeixinPath = "/api/v3/get-weixin-access-token";

    [Theory]
    [InlineData("GenAuth", "/api/v3/get-weixin-access-token")]
    [InlineData("authing", "/api/v3/get-weixin-access-token")]
    [InlineData("GenAuth", "/api/v3/get-wechat-access-token")]
    [InlineData("authing", "/api/v3/get-wechat-access-token-info")]
    public async Task GetWechatAccessToken_CorrectlySigned_ReturnsTokenWithAbsoluteExpiry(string brand, string path)
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var json = await fixture.SendSignedAsync(brand, path, EmulatorFixture.DefaultAppBody());

        json.GetProperty("statusCode").GetInt32().Should().Be(200);
        json.GetProperty("requestId").GetString().Should().NotBeNullOrEmpty();
        var data = json.GetProperty("data");
        data.GetProperty("accessToken").GetString().Should().Be(fixture.Emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
        data.GetProperty("expiresAt").ValueKind.Should().Be(JsonValueKind.Number);
        data.GetProperty("expiresAt").GetInt64().Should().Be(EmulatorFixture.Start.AddSeconds(7200).ToUnixTimeSeconds());
        fixture.Emulator.RequestCount(path).Should().Be(1);
        fixture.Emulator.Requests.Single().Outcome.Should().Be("ok");
    }

    [Fact]
    public async Task GetWechatAccessToken_ExpiresAtAsString_ReturnsNumericString()
    {
        await using var fixture = await EmulatorFixture.StartAsync(o => o.ExpiresAtAsString = true);

        var json = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());

        var expiresAt = json.GetProperty("data").GetProperty("expiresAt");
        expiresAt.ValueKind.Should().Be(JsonValueKind.String);
        expiresAt.GetString().Should().Be(EmulatorFixture.Start.AddSeconds(7200).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task GetWechatAccessToken_RepeatedCalls_ReturnSameTokenUntilNearExpiry()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var first = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());
        fixture.Time.Advance(TimeSpan.FromMinutes(60));
        var second = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());
        fixture.Time.Advance(TimeSpan.FromMinutes(56));
        var third = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody());

        Token(second).Should().Be(Token(first));
        Token(third).Should().NotBe(Token(first));
        third.GetProperty("data").GetProperty("expiresAt").GetInt64()
            .Should().Be(fixture.Time.GetUtcNow().AddSeconds(7200).ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("GenAuth")]
    [InlineData("authing")]
    public async Task GetWechatAccessToken_TamperedSignature_Rejected401(string brand)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        using var request = TestSigner.SignedPost(
            brand, WeixinPath, EmulatorFixture.DefaultAppBody(),
            WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret, fixture.Time.GetUtcNow());
        var authorization = request.Headers.GetValues("authorization").Single();
        var tampered = authorization[..^3] + (authorization[^3] == 'A' ? "B" : "A") + authorization[^2..];
        request.Headers.Remove("authorization");
        request.Headers.TryAddWithoutValidation("authorization", tampered);

        using var response = await fixture.Client.SendAsync(request);
        var json = await EmulatorFixture.ReadJsonAsync(response);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        AssertGenAuthError(json, 401, EmulatorApiCodes.SignatureMismatch);
        fixture.Emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId).Should().BeNull();
    }

    [Fact]
    public async Task GetWechatAccessToken_BodyChangedAfterSigning_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        using var request = TestSigner.SignedPost(
            "GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody(),
            WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret, fixture.Time.GetUtcNow());
        request.Content = new StringContent(EmulatorFixture.DefaultAppBody("another-secret-for-tests-0002"), Encoding.UTF8, "application/json");

        using var response = await fixture.Client.SendAsync(request);

        AssertGenAuthError(await EmulatorFixture.ReadJsonAsync(response), 401, EmulatorApiCodes.SignatureMismatch);
    }

    [Fact]
    public async Task GetWechatAccessToken_WrongSecretSigned_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        using var request = TestSigner.SignedPost(
            "authing", WeixinPath, EmulatorFixture.DefaultAppBody(),
            WechatTokenEmulator.DefaultAccessKeyId, "fake-wrong-access-key-secret-0001", fixture.Time.GetUtcNow());

        using var response = await fixture.Client.SendAsync(request);

        AssertGenAuthError(await EmulatorFixture.ReadJsonAsync(response), 401, EmulatorApiCodes.SignatureMismatch);
    }

    [Fact]
    public async Task GetWechatAccessToken_UnknownAccessKey_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        using var request = TestSigner.SignedPost(
            "GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody(), "unknown-key-id", "fake-secret-0001", fixture.Time.GetUtcNow());

        using var response = await fixture.Client.SendAsync(request);

        AssertGenAuthError(await EmulatorFixture.ReadJsonAsync(response), 401, EmulatorApiCodes.AccessKeyUnknown);
    }

    [Fact]
    public async Task GetWechatAccessToken_StaleDate_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var signedAt = fixture.Time.GetUtcNow();
        fixture.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        var json = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody(), date: signedAt);

        AssertGenAuthError(json, 401, EmulatorApiCodes.DateOutOfRange);
    }

    [Fact]
    public async Task GetWechatAccessToken_DateWithinSkew_Accepted()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var signedAt = fixture.Time.GetUtcNow();
        fixture.Time.Advance(TimeSpan.FromMinutes(14));

        var json = await fixture.SendSignedAsync("authing", WeixinPath, EmulatorFixture.DefaultAppBody(), date: signedAt);

        json.GetProperty("statusCode").GetInt32().Should().Be(200);
    }

    [Fact]
    public async Task GetWechatAccessToken_DateInFuture_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var json = await fixture.SendSignedAsync(
            "GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody(), date: fixture.Time.GetUtcNow().AddMinutes(16));

        AssertGenAuthError(json, 401, EmulatorApiCodes.DateOutOfRange);
    }

    [Theory]
    [InlineData("GenAuth")]
    [InlineData("authing")]
    public async Task GetWechatAccessToken_ReplayedNonce_Rejected401(string brand)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var nonce = TestSigner.NewNonce();
        var date = fixture.Time.GetUtcNow();

        var first = await fixture.SendSignedAsync(brand, WeixinPath, EmulatorFixture.DefaultAppBody(), date, nonce);
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        var replay = await fixture.SendSignedAsync(brand, WeixinPath, EmulatorFixture.DefaultAppBody(), date, nonce);

        first.GetProperty("statusCode").GetInt32().Should().Be(200);
        AssertGenAuthError(replay, 401, EmulatorApiCodes.NonceReplayed);
    }

    [Fact]
    public async Task GetWechatAccessToken_NoAuthorization_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        using var response = await fixture.PostJsonAsync(WeixinPath, EmulatorFixture.DefaultAppBody());

        AssertGenAuthError(await EmulatorFixture.ReadJsonAsync(response), 401, EmulatorApiCodes.AuthorizationMissing);
        fixture.Emulator.Requests.Single().Outcome.Should().Be($"genauth:401:{EmulatorApiCodes.AuthorizationMissing}");
    }

    [Fact]
    public async Task GetWechatAccessToken_WrongAppSecret_Answers400WithoutToken()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var json = await fixture.SendSignedAsync("GenAuth", WeixinPath, EmulatorFixture.DefaultAppBody("fake-wrong-app-secret-0001"));

        AssertGenAuthError(json, 400, EmulatorApiCodes.WechatAppSecretInvalid);
        json.GetRawText().Should().NotContain("fake-wrong-app-secret-0001");
        fixture.Emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId).Should().BeNull();
    }

    [Fact]
    public async Task GetWechatAccessToken_UnknownApp_Answers400()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["appId"] = "wx0000000000unknown", ["appSecret"] = "fake-secret-0001" });

        var json = await fixture.SendSignedAsync("authing", WeixinPath, body);

        AssertGenAuthError(json, 400, EmulatorApiCodes.WechatAppIdInvalid);
    }

    [Fact]
    public async Task GetWechatAccessToken_MissingFields_Answers400InvalidRequest()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var json = await fixture.SendSignedAsync("GenAuth", WeixinPath, """{"appId":"wx00000000emulator","extra":{"b":1,"a":[true,null]},"n":1.5,"skip":null}""");

        AssertGenAuthError(json, 400, EmulatorApiCodes.InvalidRequest);
    }

    [Fact]
    public async Task GetManagementToken_ValidKey_IssuesJwtWithUserPoolClaimAndExpiry()
    {
        await using var fixture = await EmulatorFixture.StartAsync(o => o.ManagementTokenLifetime = TimeSpan.FromSeconds(3600));

        var token = await GetManagementTokenAsync(fixture, WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret);

        var parts = token.Split('.');
        parts.Should().HaveCount(3);
        parts.Should().OnlyContain(p => p.Length > 0 && !p.Contains('=') && !p.Contains('+') && !p.Contains('/'));
        using var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        payload.RootElement.GetProperty("scoped_userpool_id").GetString().Should().Be(WechatTokenEmulator.DefaultUserPoolId);
        payload.RootElement.GetProperty("exp").GetInt64().Should().Be(EmulatorFixture.Start.AddSeconds(3600).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task GetManagementToken_WrongSecret_Rejected()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        using var response = await fixture.PostJsonAsync(
            "/api/v3/get-management-token",
            """{"accessKeyId":"emulator-access-key-id","accessKeySecret":"fake-wrong-secret-0001"}""");

        AssertGenAuthError(await EmulatorFixture.ReadJsonAsync(response), 401, EmulatorApiCodes.AccessKeyRejected);
    }

    [Theory]
    [InlineData("x-genauth-userpool-id")]
    [InlineData("x-authing-userpool-id")]
    public async Task GetWechatAccessToken_BearerWithMatchingUserPool_ReturnsToken(string header)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = await GetManagementTokenAsync(fixture, WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret);

        var json = await PostWithBearerAsync(fixture, token, header, WechatTokenEmulator.DefaultUserPoolId);

        json.GetProperty("statusCode").GetInt32().Should().Be(200);
        Token(json).Should().Be(fixture.Emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
    }

    [Fact]
    public async Task GetWechatAccessToken_BearerWithUserPoolIdAsAccessKeyId_ReturnsToken()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = await GetManagementTokenAsync(fixture, WechatTokenEmulator.DefaultUserPoolId, WechatTokenEmulator.DefaultAccessKeySecret);

        var json = await PostWithBearerAsync(fixture, token, "x-genauth-userpool-id", WechatTokenEmulator.DefaultUserPoolId);

        json.GetProperty("statusCode").GetInt32().Should().Be(200);
    }

    [Theory]
    [InlineData("other-user-pool")]
    [InlineData(null)]
    public async Task GetWechatAccessToken_BearerWithWrongOrMissingUserPool_Rejected401(string? userPool)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = await GetManagementTokenAsync(fixture, WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret);

        var json = await PostWithBearerAsync(fixture, token, "x-genauth-userpool-id", userPool);

        AssertGenAuthError(json, 401, EmulatorApiCodes.UserPoolMismatch);
    }

    [Fact]
    public async Task GetWechatAccessToken_ExpiredBearer_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = await GetManagementTokenAsync(fixture, WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret);
        fixture.Time.Advance(TimeSpan.FromSeconds(7200));

        var json = await PostWithBearerAsync(fixture, token, "x-genauth-userpool-id", WechatTokenEmulator.DefaultUserPoolId);

        AssertGenAuthError(json, 401, EmulatorApiCodes.ManagementTokenInvalid);
    }

    [Fact]
    public async Task GetWechatAccessToken_ForgedBearer_Rejected401()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var token = await GetManagementTokenAsync(fixture, WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret);
        var parts = token.Split('.');
        var forgedPayload = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            """{"scoped_userpool_id":"emulator-user-pool-0001","exp":4102444800}"""));
        var forged = parts[0] + "." + forgedPayload + "." + parts[2];

        var json = await PostWithBearerAsync(fixture, forged, "x-genauth-userpool-id", WechatTokenEmulator.DefaultUserPoolId);

        AssertGenAuthError(json, 401, EmulatorApiCodes.ManagementTokenInvalid);
    }

    private static string Token(JsonElement json) => json.GetProperty("data").GetProperty("accessToken").GetString()!;

    private static void AssertGenAuthError(JsonElement json, int statusCode, int apiCode)
    {
        json.GetProperty("statusCode").GetInt32().Should().Be(statusCode);
        json.GetProperty("apiCode").GetInt32().Should().Be(apiCode);
        json.GetProperty("requestId").GetString().Should().NotBeNullOrEmpty();
        json.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }

    private static async Task<string> GetManagementTokenAsync(EmulatorFixture fixture, string accessKeyId, string secret)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["accessKeyId"] = accessKeyId, ["accessKeySecret"] = secret });
        using var response = await fixture.PostJsonAsync("/api/v3/get-management-token", body);
        var json = await EmulatorFixture.ReadJsonAsync(response);
        json.GetProperty("statusCode").GetInt32().Should().Be(200);
        json.GetProperty("data").GetProperty("expires_in").GetInt64().Should().BePositive();
        return json.GetProperty("data").GetProperty("access_token").GetString()!;
    }

    private static async Task<JsonElement> PostWithBearerAsync(EmulatorFixture fixture, string token, string header, string? userPool)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WeixinPath.TrimStart('/'))
        {
            Content = new StringContent(EmulatorFixture.DefaultAppBody(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (userPool is not null)
        {
            request.Headers.Add(header, userPool);
        }

        using var response = await fixture.Client.SendAsync(request);
        return await EmulatorFixture.ReadJsonAsync(response);
    }
}
