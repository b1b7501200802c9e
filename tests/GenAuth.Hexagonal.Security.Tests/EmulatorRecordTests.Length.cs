using System.Net.Http.Headers;
using GenAuth.Hexagonal.Testing;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>What a truncated record still tells: the original length.</summary>
public sealed partial class EmulatorRecordTests
{
    [Fact]
    public async Task LargeRequestBody_RecordKeepsTheStartAndTheOriginalLength()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };
        var body = string.Concat(Enumerable.Range(0, BodyBytes / 8).Select(i => (i % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture)));
        using var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var small = new StringContent("""{"touser":"o1"}""");

        using (await client.PostAsync(new Uri("cgi-bin/message/custom/send?access_token=none", UriKind.Relative), content))
        using (await client.PostAsync(new Uri("cgi-bin/message/custom/send?access_token=none", UriKind.Relative), small))
        {
        }

        var (large, smallRecord) = (emulator.Requests[0], emulator.Requests[1]);
        large.Body.Should().HaveLength(EmulatorRequest.MaxRecordedBodyLength).And.Be(body[..EmulatorRequest.MaxRecordedBodyLength]);
        large.BodyLength.Should().Be(body.Length, "the record says how long the body really was");
        smallRecord.Body.Should().Be("""{"touser":"o1"}""", "a body under the cap is kept whole");
        smallRecord.BodyLength.Should().Be(smallRecord.Body.Length);
    }
}
