namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 6: one total fetch budget per source holds every attempt and every delay. A <c>Retry-After</c> that does
/// not fit (the cap is min(30 s, what is left of the budget)) ends the fetch at once with the HTTP error and the value
/// GenAuth or WeChat asked for, instead of blocking the caller; attempts stop when the budget is spent; and each
/// <c>stable_token</c> attempt gets a full per-attempt timeout inside the total.
/// </summary>
public sealed class RetryBudgetTests
{
    /// <summary>A guard for the base commit, where the caller blocked until the HttpClient backstop (minutes): far above what the fixed code needs.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("genauth", 503)]
    [InlineData("genauth", 429)]
    [InlineData("wechat", 503)]
    [InlineData("wechat", 429)]
    public async Task RetryAfterBeyondTheBudget_FailsAtOnceWithHttpErrorAndTheValue(string source, int status)
    {
        await using var server = HostileServer.Answering(Raw.Response(status, "text/plain", "come back tomorrow", "Retry-After: 86400"));
        await using var stack = source == "genauth"
            ? Stacks.GenAuth(server.BaseAddress, new Dictionary<string, string?> { ["GenAuth:MaxRetryAttempts"] = "3", ["GenAuth:RetryDelay"] = "00:00:00.01" })
            : Stacks.Wechat(server.BaseAddress);

        var failure = await stack.FailAsync().WaitAsync(Guard);

        failure.Kind.Should().Be(WechatTokenErrorKind.HttpError, "the server answered; it was not a timeout");
        failure.HttpStatusCode.Should().Be(status);
        failure.IsTransient.Should().BeTrue();
        failure.Message.Should().Contain("86400", "the error carries the Retry-After value the server asked for");
        server.Requests.Should().HaveCount(1, "a wait that cannot fit the budget is not waited for, and no other attempt follows");
    }

    [Fact]
    public async Task GenAuthServerNeverAnswers_AttemptsStopWhenTheTotalBudgetIsSpent()
    {
        await using var server = HostileServer.Silent();
        await using var stack = Stacks.GenAuth(server.BaseAddress, new Dictionary<string, string?>
        {
            ["GenAuth:Timeout"] = "00:00:00.4",
            ["GenAuth:TotalTimeout"] = "00:00:01",
            ["GenAuth:MaxRetryAttempts"] = "10",
            ["GenAuth:RetryDelay"] = "00:00:00",
        });

        var failure = await stack.FailAsync().WaitAsync(Guard);

        failure.Kind.Should().Be(WechatTokenErrorKind.Timeout);
        failure.IsTransient.Should().BeTrue();
        server.Requests.Count.Should().BeInRange(1, 3, "1 s of budget holds at most three 0.4 s attempts, not the 11 the retry count allows");
        failure.Message.Should().Contain("GenAuth:TotalTimeout", "the message names the budget to raise");
    }

    [Fact]
    public async Task StableTokenFirstTwoAttemptsHang_ThirdAttemptHasItsFullTimeoutAndSucceeds()
    {
        var attempts = 0;
        await using var server = HostileServer.Start(async e =>
        {
            if (Interlocked.Increment(ref attempts) <= 2)
            {
                await Task.Delay(Timeout.Infinite, e.Stopping);
            }

            await e.WriteAsync(Raw.WechatToken(Secrets.AccessToken));
        });
        // 1.5 s per attempt: the answering third attempt must fit in it even on a loaded 2-core CI machine (0.3 s did not
        // always); two hung attempts and the delays still leave most of the 10 s budget unused.
        await using var stack = Stacks.Wechat(server.BaseAddress, new Dictionary<string, string?>
        {
            ["Wechat:Timeout"] = "00:00:01.5",
            ["Wechat:TotalTimeout"] = "00:00:10",
        });

        var token = await stack.GetAsync().AsTask().WaitAsync(Guard);

        token.Value.Should().Be(Secrets.AccessToken);
        server.Requests.Should().HaveCount(3, "two attempts timed out, the third answered");
    }

    [Theory]
    [InlineData("genauth")]
    [InlineData("wechat")]
    public async Task RetryAfterThatFits_WaitedForThenRetried(string source)
    {
        var attempts = 0;
        await using var server = HostileServer.Start(e => e.WriteAsync(Interlocked.Increment(ref attempts) == 1
            ? Raw.Response(503, "text/plain", "busy", "Retry-After: 1")
            : source == "genauth" ? Raw.GenAuthToken(Secrets.AccessToken) : Raw.WechatToken(Secrets.AccessToken)));
        await using var stack = source == "genauth"
            ? Stacks.GenAuth(server.BaseAddress, new Dictionary<string, string?> { ["GenAuth:MaxRetryAttempts"] = "2" })
            : Stacks.Wechat(server.BaseAddress);
        var started = TimeProvider.System.GetTimestamp();

        var token = await stack.GetAsync().AsTask().WaitAsync(Guard);

        token.Value.Should().Be(Secrets.AccessToken);
        server.Requests.Should().HaveCount(2);
        TimeProvider.System.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), "Retry-After: 1 was honoured");
    }
}
