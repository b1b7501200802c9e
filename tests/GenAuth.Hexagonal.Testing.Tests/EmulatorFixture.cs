using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Testing.Tests;

/// <summary>Starts an emulator with a FakeTimeProvider and an HttpClient on its address; disposed per test.</summary>
internal sealed class EmulatorFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private EmulatorFixture(WechatTokenEmulator emulator, FakeTimeProvider time)
    {
        Emulator = emulator;
        Time = time;
        Client = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WechatTokenEmulator Emulator { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public static async Task<EmulatorFixture> StartAsync(Action<WechatTokenEmulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(Start);
        var options = new WechatTokenEmulatorOptions { TimeProvider = time };
        configure?.Invoke(options);
        return new EmulatorFixture(await WechatTokenEmulator.StartAsync(options), time);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Client.PostAsync(path.TrimStart('/'), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public async Task<JsonElement> SendSignedAsync(string brand, string path, string json, DateTimeOffset? date = null, string? nonce = null)
    {
        using var request = TestSigner.SignedPost(
            brand, path, json, WechatTokenEmulator.DefaultAccessKeyId, WechatTokenEmulator.DefaultAccessKeySecret, date ?? Time.GetUtcNow(), nonce);
        using var response = await Client.SendAsync(request);
        return await ReadJsonAsync(response);
    }

    public static string DefaultAppBody(string? secret = null) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["appId"] = WechatTokenEmulator.DefaultAppId,
            ["appSecret"] = secret ?? WechatTokenEmulator.DefaultAppSecret,
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
