namespace GenAuth.Hexagonal.Tests.Support;

/// <summary>
/// Waits, a bounded while, for something a background task does (a refresh finishing): polls the condition, never asserts
/// on how long it took. Fails with <paramref name="because"/> when it never holds.
/// </summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string because, int maxSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(maxSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                condition().Should().BeTrue(because);
                return;
            }

            await Task.Delay(10);
        }
    }
}
