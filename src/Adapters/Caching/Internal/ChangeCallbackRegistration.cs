namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>Undoes a <see cref="TokenEntry"/> change-callback registration when the cache lets go of the entry.</summary>
internal sealed class ChangeCallbackRegistration(TokenEntry? entry) : IDisposable
{
    public static readonly ChangeCallbackRegistration None = new(null);

    public void Dispose() => entry?.Unregister();
}
