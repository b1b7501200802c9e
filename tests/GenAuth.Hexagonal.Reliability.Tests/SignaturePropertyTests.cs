using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Reliability.Tests.Infrastructure;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Reliability.Tests;

/// <summary>
/// Property tests of the AK/SK signature canonicalisation, through observable behaviour: the emulator verifies every
/// request with its own canonicaliser. Reordering signed headers and body fields (and re-casing header names) after
/// signing must keep the request valid; tampering with a signed value must not; extra {prefix}* headers present before
/// signing must be signed over.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SignaturePropertyTests(ReliabilityFixture fixture)
{
    private const string Prefix = "x-genauth-";

    [Property(MaxTest = 40, QuietOnSuccess = true)]
    public Property Signature_HeadersAndBodyFieldsReorderedAfterSigning_StillAccepted() =>
        Prop.ForAll(Permutations().ToArbitrary(), plan => Send(plan with { Tamper = false }) is null);

    [Property(MaxTest = 15, QuietOnSuccess = true)]
    public Property Signature_SignedValueChangedAfterSigning_Rejected() =>
        Prop.ForAll(Permutations().ToArbitrary(), plan =>
        {
            var failure = Send(plan with { Tamper = true });
            return failure is { Kind: WechatTokenErrorKind.UpstreamError, StatusCode: 401, ApiCode: EmulatorApiCodes.SignatureMismatch };
        });

    [Property(MaxTest = 25, QuietOnSuccess = true)]
    public Property Signature_ExtraPrefixedHeadersPresentBeforeSigning_SignedOverAndAccepted() =>
        Prop.ForAll(ExtraHeaders().ToArbitrary(), extra => Accepted(Send(new Plan([], false, false, extra))));

    [Fact]
    public void Signature_OneExtraPrefixedHeaderBeforeSigning_SignedOverAndAccepted() =>
        Accepted(Send(new Plan([], false, false, [KeyValuePair.Create(Prefix + "request-from", "sdk")]))).Should().BeTrue();

    private static bool Accepted(WechatTokenException? failure) => failure is null
        ? true
        : throw new Xunit.Sdk.XunitException(
            $"The emulator rejected the request: statusCode {failure.StatusCode}, apiCode {failure.ApiCode} ({(failure.ApiCode == EmulatorApiCodes.SignatureMismatch ? "signature mismatch" : "other")}).");

    private WechatTokenException? Send(Plan plan)
    {
        var emulator = fixture.CleanEmulator();
        var holder = new PlanHolder { Plan = plan };
        var stack = Stack.GenAuth(emulator, caching: false, more: services =>
            services.AddHttpClient(GenAuthDefaults.HttpClientName).ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                var signing = handlers.Select((h, i) => (h, i)).First(p => p.h.GetType().Name == "GenAuthAuthenticationHandler").i;
                handlers.Insert(signing, new BeforeSigning(holder));
                handlers.Add(new AfterSigning(holder));
            }));
        ReliabilityFigures.PropertyCase();
        try
        {
            stack.GetAsync().AsTask().GetAwaiter().GetResult().Value.Should().Be(emulator.CurrentWechatToken(TestSecrets.AppId));
            return null;
        }
        catch (WechatTokenException ex)
        {
            return ex;
        }
        finally
        {
            stack.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static Gen<Plan> Permutations() =>
        from order in Gen.Shuffle(Enumerable.Range(0, 12))
        from upper in Gen.Elements(true, false)
        from spaces in Gen.Elements(true, false)
        select new Plan(order.ToArray(), upper, spaces, []);

    private static Gen<KeyValuePair<string, string>[]> ExtraHeaders()
    {
        var letters = "abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray();
        var name = Gen.ArrayOf(Gen.Elements(letters)).Where(a => a.Length is > 0 and < 12 && a[0] != '-')
            .Select(a => Prefix + "z" + new string(a));
        var valueChars = "abcXYZ019 \t:/.,;=_-".ToCharArray();
        var value = Gen.ArrayOf(Gen.Elements(valueChars)).Select(a => new string(a).Trim()).Where(v => v.Length > 0);
        return Gen.NonEmptyListOf(Gen.Zip(name, value))
            .Select(list => list.DistinctBy(p => p.Item1).Take(5).Select(p => KeyValuePair.Create(p.Item1, p.Item2)).ToArray());
    }

    /// <summary>What to do to a request: the order of headers and body fields after signing, and what to add before.</summary>
    public sealed record Plan(int[] Order, bool UpperCaseNames, bool BodySpaces, KeyValuePair<string, string>[] Extra)
    {
        public bool Tamper { get; init; }

        public override string ToString() =>
            $"order=[{string.Join(",", Order)}], upper={UpperCaseNames}, spaces={BodySpaces}, tamper={Tamper}, extra=[{string.Join("; ", Extra.Select(e => e.Key + ":" + e.Value.Replace("\t", "\\t", StringComparison.Ordinal)))}]";
    }

    private sealed class PlanHolder
    {
        public Plan Plan { get; set; } = null!;
    }

    /// <summary>Adds extra {prefix}* headers before the signing handler runs.</summary>
    private sealed class BeforeSigning(PlanHolder holder) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var (name, value) in holder.Plan.Extra)
            {
                request.Headers.TryAddWithoutValidation(name, value).Should().BeTrue();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>After signing: re-adds the signed headers in the planned order and casing, rewrites the body with its fields reordered; or tampers.</summary>
    private sealed class AfterSigning(PlanHolder holder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var plan = holder.Plan;
            if (plan.Order.Length > 0)
            {
                var signed = request.Headers.Where(h => h.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
                    .Select(h => KeyValuePair.Create(h.Key, string.Join(",", h.Value)))
                    .ToList();
                foreach (var (name, _) in signed)
                {
                    request.Headers.Remove(name);
                }

                var ordered = signed.Select((h, i) => (h, rank: Array.IndexOf(plan.Order, i % plan.Order.Length) * 100 + i)).OrderBy(p => p.rank).Select(p => p.h);
                foreach (var (name, value) in ordered)
                {
                    var value2 = plan.Tamper && name.EndsWith("lang", StringComparison.OrdinalIgnoreCase) ? value + "x" : value;
                    request.Headers.TryAddWithoutValidation(plan.UpperCaseNames ? name.ToUpperInvariant() : name, value2);
                }

                var body = await request.Content!.ReadAsStringAsync(cancellationToken);
                var fields = JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => (p.Name, Raw: p.Value.GetRawText())).ToList();
                var reordered = fields.Select((f, i) => (f, rank: Array.IndexOf(plan.Order, i % plan.Order.Length) * 100 + i)).OrderByDescending(p => p.rank).Select(p => p.f);
                var separator = plan.BodySpaces ? " ,\n  " : ",";
                var json = "{" + (plan.BodySpaces ? " " : string.Empty) + string.Join(separator, reordered.Select(f => JsonSerializer.Serialize(f.Name) + (plan.BodySpaces ? " : " : ":") + f.Raw)) + "}";
                request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
