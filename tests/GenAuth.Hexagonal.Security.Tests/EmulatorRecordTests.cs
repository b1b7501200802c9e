using System.Net.Http.Headers;
using GenAuth.Hexagonal.Testing;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 10: <see cref="WechatTokenEmulator"/> (which users run in their own tests) keeps bounded request records: a
/// hostile or careless client posting large bodies does not make it hold them all until disposal.
/// </summary>
public sealed partial class EmulatorRecordTests
{
    private const int Requests = 20;
    private const int BodyBytes = 2 * 1024 * 1024;
    private const int Cap = 64 * 1024;

    [Fact]
    public async Task LargeRequestBodies_RecordsTruncatedToTheCap()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };
        var body = new string('x', BodyBytes);

        for (var i = 0; i < Requests; i++)
        {
            using var content = new StringContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(new Uri("cgi-bin/message/custom/send?access_token=none", UriKind.Relative), content);
        }

        var records = emulator.Requests;
        records.Should().HaveCount(Requests);
        records.Should().AllSatisfy(r => r.Body.Length.Should().BeLessThanOrEqualTo(Cap, "a recorded body is capped"));
        records.Sum(r => (long)r.Body.Length).Should().BeLessThanOrEqualTo((long)Requests * Cap);
        records[0].Body.Should().Be(body[..records[0].Body.Length], "what is kept is the start of the body");
    }
}
