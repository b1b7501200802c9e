using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Testing.Tests;

public sealed class FakeWechatTokenProviderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly WechatAppCredentials Mini = new("wx1111111111111111", "fake-app-secret-for-tests-0001");
    private static readonly WechatAppCredentials Official = new("wx2222222222222222", "fake-app-secret-for-tests-0002");

    [Fact]
    public async Task GetAccessTokenAsync_Default_IssuesNumberedTokensValidForLifetime()
    {
        var time = new FakeTimeProvider(Now);
        var fake = new FakeWechatTokenProvider(time) { TokenLifetime = TimeSpan.FromMinutes(10) };

        var first = await fake.GetAccessTokenAsync(Mini);
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await fake.GetAccessTokenAsync(Mini);

        first.Value.Should().Be("fake-token-000001");
        first.ExpiresAt.Should().Be(Now.AddMinutes(10));
        second.Value.Should().Be("fake-token-000002");
        second.ExpiresAt.Should().Be(Now.AddMinutes(11));
        fake.IssuedCount.Should().Be(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_Scripted_ReturnsAndThrowsInFifoOrderThenDefault()
    {
        var fake = new FakeWechatTokenProvider(new FakeTimeProvider(Now));
        var scriptedA = new WechatAccessToken("scripted-a", Now.AddHours(1));
        var scriptedB = new WechatAccessToken("scripted-b", Now.AddHours(2));
        var failure = new WechatTokenException("upstream down", WechatTokenSource.GenAuth, WechatTokenErrorKind.HttpError, isTransient: true);
        fake.EnqueueToken(scriptedA);
        fake.EnqueueFailure(failure);
        fake.EnqueueToken(scriptedB);

        var first = await fake.GetAccessTokenAsync(Mini);
        var second = async () => await fake.GetAccessTokenAsync(Mini);
        var thrown = await second.Should().ThrowAsync<WechatTokenException>();
        var third = await fake.GetAccessTokenAsync(Official);
        var fourth = await fake.GetAccessTokenAsync(Official);

        first.Should().BeSameAs(scriptedA);
        thrown.Which.Should().BeSameAs(failure);
        third.Should().BeSameAs(scriptedB);
        fourth.Value.Should().Be("fake-token-000001");
        fake.CallCount.Should().Be(4);
    }

    [Fact]
    public async Task Respond_Handler_ReplacesDefaultAfterScriptAndNullRestoresIt()
    {
        var fake = new FakeWechatTokenProvider(new FakeTimeProvider(Now));
        fake.EnqueueToken(new WechatAccessToken("scripted", Now.AddHours(1)));
        fake.Respond((credentials, _) => ValueTask.FromResult(new WechatAccessToken("for-" + credentials.AppId, Now.AddMinutes(5))));

        var scripted = await fake.GetAccessTokenAsync(Mini);
        var handled = await fake.GetAccessTokenAsync(Official);
        fake.Respond(null);
        var byDefault = await fake.GetAccessTokenAsync(Official);

        scripted.Value.Should().Be("scripted");
        handled.Value.Should().Be("for-wx2222222222222222");
        byDefault.Value.Should().Be("fake-token-000001");
    }

    [Fact]
    public async Task Calls_RecordCredentialsInCallOrder()
    {
        var fake = new FakeWechatTokenProvider();
        fake.EnqueueFailure(new InvalidOperationException("boom"));

        var failing = async () => await fake.GetAccessTokenAsync(Official);
        await failing.Should().ThrowAsync<InvalidOperationException>();
        await fake.GetAccessTokenAsync(Mini);
        await fake.GetAccessTokenAsync(Official);

        fake.Calls.Should().Equal(Official, Mini, Official);
        fake.CallCount.Should().Be(3);
    }

    [Fact]
    public async Task HoldFetches_CallsWaitUntilHandleDisposed()
    {
        var fake = new FakeWechatTokenProvider();
        var hold = fake.HoldFetches();

        var calls = Enumerable.Range(0, 3).Select(_ => fake.GetAccessTokenAsync(Mini).AsTask()).ToArray();
        await WaitUntilAsync(() => fake.WaitingCount == 3);
        var completedWhileHeld = calls.Count(c => c.IsCompleted);
        hold.Dispose();
        var tokens = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        completedWhileHeld.Should().Be(0);
        fake.CallCount.Should().Be(3);
        tokens.Select(t => t.Value).Should().OnlyHaveUniqueItems().And.HaveCount(3);
        fake.WaitingCount.Should().Be(0);
    }

    [Fact]
    public async Task HoldFetches_WaitingCallCancelled_ThrowsWhileOthersKeepWaiting()
    {
        var fake = new FakeWechatTokenProvider();
        using var hold = fake.HoldFetches();
        using var cts = new CancellationTokenSource();

        var cancelled = fake.GetAccessTokenAsync(Mini, cts.Token).AsTask();
        var other = fake.GetAccessTokenAsync(Mini).AsTask();
        await WaitUntilAsync(() => fake.WaitingCount == 2);
        await cts.CancelAsync();

        var act = () => cancelled.WaitAsync(TimeSpan.FromSeconds(10));
        await act.Should().ThrowAsync<OperationCanceledException>();
        other.IsCompleted.Should().BeFalse();
        hold.Dispose();
        (await other.WaitAsync(TimeSpan.FromSeconds(10))).Value.Should().Be("fake-token-000001");
    }

    [Fact]
    public async Task HoldFetches_Nested_ReleasesWhenAllHandlesDisposed()
    {
        var fake = new FakeWechatTokenProvider();
        var outer = fake.HoldFetches();
        var inner = fake.HoldFetches();

        var call = fake.GetAccessTokenAsync(Mini).AsTask();
        await WaitUntilAsync(() => fake.WaitingCount == 1);
        inner.Dispose();
        inner.Dispose();
        var completedAfterInner = call.IsCompleted;
        outer.Dispose();

        completedAfterInner.Should().BeFalse();
        (await call.WaitAsync(TimeSpan.FromSeconds(10))).Value.Should().Be("fake-token-000001");
        (await fake.GetAccessTokenAsync(Mini)).Value.Should().Be("fake-token-000002");
    }

    [Fact]
    public async Task GetAccessTokenAsync_AlreadyCancelled_ThrowsWithoutConsumingScript()
    {
        var fake = new FakeWechatTokenProvider();
        fake.EnqueueToken(new WechatAccessToken("scripted", Now));

        var act = async () => await fake.GetAccessTokenAsync(Mini, new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await fake.GetAccessTokenAsync(Mini)).Value.Should().Be("scripted");
    }

    [Fact]
    public async Task GetAccessTokenAsync_ConcurrentCalls_EveryCallRecordedAndTokensUnique()
    {
        var fake = new FakeWechatTokenProvider();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => fake.GetAccessTokenAsync(i % 2 == 0 ? Mini : Official).AsTask())));

        fake.CallCount.Should().Be(200);
        fake.Calls.Should().HaveCount(200);
        fake.Calls.Count(c => c.Equals(Mini)).Should().Be(100);
        tokens.Select(t => t.Value).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void TokenLifetime_Negative_Throws()
    {
        var fake = new FakeWechatTokenProvider();

        var act = () => fake.TokenLifetime = TimeSpan.FromSeconds(-1);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        condition().Should().BeTrue("the condition should hold within 5 seconds");
    }
}
