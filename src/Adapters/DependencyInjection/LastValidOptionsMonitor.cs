using System.Diagnostics.CodeAnalysis;
using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace GenAuth.Hexagonal;

/// <summary>
/// Follows reloads of <typeparamref name="TOptions"/> (a <c>reloadOnChange</c> JSON file, a vault provider's refresh) and
/// keeps the last valid value: each reloaded value is built without validation, checked with the registered
/// <see cref="IValidateOptions{TOptions}"/>, and either taken (listeners are told) or logged and ignored.
/// </summary>
/// <remarks>
/// <see cref="IOptionsMonitor{TOptions}"/> throws from <c>Get</c> on an invalid reload and does not call its listeners, so a
/// secret rotated to a typo would break every later call; this keeps serving with the last valid secret instead. The
/// warning names the keys that are wrong, as the validators word them, never a value. Only the default (unnamed) options
/// instance is followed.
/// </remarks>
/// <typeparam name="TOptions">The options type.</typeparam>
public sealed class LastValidOptionsMonitor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions> : IDisposable
    where TOptions : class
{
    private readonly OptionsFactory<TOptions> _factory;
    private readonly IValidateOptions<TOptions>[] _validators;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _changeRegistrations = [];
    private readonly Lock _gate = new();
    private Action<TOptions>[] _listeners = [];
    private TOptions _current;
    private int _version;

    /// <summary>Creates the monitor and builds the first value.</summary>
    /// <param name="setups">The registered <c>Configure</c> and <c>Bind</c> steps.</param>
    /// <param name="postConfigures">The registered <c>PostConfigure</c> steps.</param>
    /// <param name="validators">The registered validators.</param>
    /// <param name="changeTokenSources">Where reloads come from (registered by <c>Bind</c>).</param>
    /// <param name="logger">Where ignored reloads are reported; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The first value is invalid.</exception>
    public LastValidOptionsMonitor(
        IEnumerable<IConfigureOptions<TOptions>> setups,
        IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
        IEnumerable<IValidateOptions<TOptions>> validators,
        IEnumerable<IOptionsChangeTokenSource<TOptions>> changeTokenSources,
        ILogger<LastValidOptionsMonitor<TOptions>>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(setups);
        ArgumentNullException.ThrowIfNull(postConfigures);
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(changeTokenSources);

        // Validation is ours to run: a factory without validators builds what configuration holds, valid or not.
        _factory = new OptionsFactory<TOptions>(setups, postConfigures);
        _validators = [.. validators];
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var first = _factory.Create(Options.DefaultName);
        var failures = Validate(first);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failures);
        }

        _current = first;
        foreach (var source in changeTokenSources)
        {
            if (string.Equals(source.Name ?? Options.DefaultName, Options.DefaultName, StringComparison.Ordinal))
            {
                _changeRegistrations.Add(ChangeToken.OnChange(source.GetChangeToken, Reload));
            }
        }
    }

    /// <summary>The last valid value.</summary>
    public TOptions CurrentValue => Volatile.Read(ref _current);

    /// <summary>How many valid values have been taken since the first one (0 until a valid reload).</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Registers <paramref name="listener"/>, called with each valid reloaded value (never with an invalid one).</summary>
    /// <param name="listener">The listener; it runs on the thread that reloaded the configuration.</param>
    /// <returns>A registration that stops the calls when disposed.</returns>
    public IDisposable OnChange(Action<TOptions> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Registration(this, listener);
    }

    /// <summary>Stops following reloads.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var registration in _changeRegistrations)
            {
                registration.Dispose();
            }

            _changeRegistrations.Clear();
            _listeners = [];
        }
    }

    private void Reload()
    {
        TOptions next;
        try
        {
            next = _factory.Create(Options.DefaultName);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            // Binding failed (e.g. "abc" for a TimeSpan): the binder's message names the key and may quote the value,
            // so only the exception type is logged.
            Log.ReloadBindingFailed(_logger, typeof(TOptions).Name, ex.GetType().Name);
            return;
        }

        var failures = Validate(next);
        if (failures.Count > 0)
        {
            Log.ReloadIgnored(_logger, typeof(TOptions).Name, string.Join(" ", failures));
            return;
        }

        Volatile.Write(ref _current, next);
        Interlocked.Increment(ref _version);
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener(next);
        }
    }

    private List<string> Validate(TOptions options)
    {
        var failures = new List<string>();
        foreach (var validator in _validators)
        {
            var result = validator.Validate(Options.DefaultName, options);
            if (result.Failed)
            {
                failures.AddRange(result.Failures ?? [result.FailureMessage]);
            }
        }

        return failures;
    }

    private void Remove(Action<TOptions> listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners.Where(l => !ReferenceEquals(l, listener))];
        }
    }

    private sealed class Registration(LastValidOptionsMonitor<TOptions> owner, Action<TOptions> listener) : IDisposable
    {
        public void Dispose() => owner.Remove(listener);
    }
}
