using Microsoft.Extensions.Configuration;

namespace GenAuth.Hexagonal.Tests.Support;

/// <summary>
/// A configuration source whose values a test replaces mid-run, raising the same reload notification a
/// <c>reloadOnChange</c> JSON file or a vault provider's refresh raises.
/// </summary>
internal sealed class ReloadableConfiguration : IConfigurationSource
{
    private readonly Provider _provider;

    public ReloadableConfiguration(IDictionary<string, string?> values) => _provider = new Provider(values);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

    /// <summary>Replaces or removes values (null removes) and signals a reload.</summary>
    public void Reload(IDictionary<string, string?> changes) => _provider.Apply(changes);

    private sealed class Provider(IDictionary<string, string?> initial) : ConfigurationProvider
    {
        public override void Load()
        {
            foreach (var (key, value) in initial)
            {
                Data[key] = value;
            }
        }

        public void Apply(IDictionary<string, string?> changes)
        {
            foreach (var (key, value) in changes)
            {
                if (value is null)
                {
                    Data.Remove(key);
                }
                else
                {
                    Data[key] = value;
                }
            }

            OnReload();
        }
    }
}
