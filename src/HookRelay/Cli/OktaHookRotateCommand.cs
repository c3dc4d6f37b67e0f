using System.CommandLine;
using System.Security.Cryptography;
using HookRelay.Hooks;
using HookRelay.Okta;
using HookRelay.Okta.EventHooks;
using HookRelay.Storage;

namespace HookRelay.Cli;

/// <summary>
/// <c>hookrelay okta hooks rotate-secret --hook NAME</c>: a new secret without a refused delivery.
/// 1. the new secret joins the hook's accepted set (its rotation file, which the running server
/// polls), the old one stays; 2. Okta's hook gets the new secret (PUT) and is verified again;
/// 3. the server retires the old secret after the first delivery carrying the new one (plus a
/// grace for Okta's retry of an earlier delivery), or at --retire-after at the latest.
/// </summary>
internal static class OktaHookRotateCommand
{
    /// <summary>How long verification keeps being tried while the server picks up the new secret.</summary>
    private static readonly TimeSpan VerifyPatience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan AcceptPatience = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var options = new OktaCliOptions();
        var hook = new Option<string>("--hook") { Description = "The HookRelay hook whose secret to rotate.", Required = true };
        var oktaHook = new Option<string?>("--okta-hook") { Description = "The Okta event hook's id or name (default: the one whose URL ends in /hooks/<hook>)." };
        var retireAfter = new Option<TimeSpan>("--retire-after") { Description = "Retire the old secret after this long even if no delivery used the new one (counted from Okta taking the new one).", CustomParser = CliDuration.Parse, DefaultValueFactory = _ => TimeSpan.FromHours(24) };
        var grace = new Option<TimeSpan>("--grace") { Description = "Keep the old secret this long after the first delivery with the new one (default 15m): Okta takes minutes to apply a hook change everywhere, and its one retry of an earlier delivery still carries the old secret.", CustomParser = CliDuration.Parse, DefaultValueFactory = _ => TimeSpan.FromMinutes(15) };
        var command = new Command("rotate-secret", "Give a hook a new secret, at HookRelay and at Okta, without refusing a delivery.") { hook, oktaHook, retireAfter, grace };
        options.AddTo(command, json: false);
        command.SetAction((parse, ct) => OktaCliSession.RunAsync(parse, options, session =>
            RotateAsync(session, parse.GetValue(hook)!, parse.GetValue(oktaHook), parse.GetValue(retireAfter), parse.GetValue(grace), ct)));
        return command;
    }

    /// <summary>
    /// The rotation is handed to the server through its data folder; instances sharing a PostgreSQL
    /// store each have their own, so the others would keep refusing the new secret.
    /// </summary>
    private static void RefuseSharedStore(OktaCliSession session)
    {
        if (session.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() is { IsPostgres: true })
        {
            throw new CliFailure(
                "rotate-secret hands the new secret to one server through its data folder, and Storage:Provider is 'postgres' (several instances). " +
                "Rotate by hand: add the new secret as Hooks:{name}:Secrets:1 on every instance, set it in Okta, then remove the old one.");
        }
    }

    private static async Task<int> RotateAsync(OktaCliSession session, string hookName, string? oktaHookName, TimeSpan retireAfter, TimeSpan grace, CancellationToken ct)
    {
        var receiving = ReceivingHook.Resolve(session.Configuration, session.Data, hookName);
        RefuseSharedHook(session, receiving.Name);
        RefuseSharedStore(session);
        var target = oktaHookName is null ? await FindByUrlAsync(session, receiving.Name, ct) : await session.FindAsync(oktaHookName, ct);
        var oldSecret = receiving.CurrentSecret(TimeProvider.System.GetUtcNow());
        var newSecret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var rotations = new SecretRotationStore(session.Data);
        // No deadline yet: the old secret must not retire before Okta has the new one.
        await rotations.UpdateAsync(receiving.Name, r => r.Rotate(oldSecret, newSecret, DateTimeOffset.MaxValue, grace), ct);

        var config = target.Channel.Config with { AuthScheme = new EventHookAuthScheme(receiving.HeaderName, newSecret) };

        // Okta must not get a secret the server does not accept yet (Okta never retries a 401):
        // the server must first answer a verification GET carrying the new secret at the hook's URL.
        if (await AcceptedAsync(config.Uri, receiving.HeaderName, newSecret, ct) is { } refusal)
        {
            await rotations.UpdateAsync(receiving.Name, r => r.Cancel(SecretRotation.Sha256(newSecret)), CancellationToken.None);
            throw new CliFailure(
                $"HookRelay at {config.Uri} did not accept the new secret within {AcceptPatience.TotalSeconds:0} s ({refusal}), so nothing changed at Okta. " +
                $"Run this command where the server is running, as the same user and with the same --data-dir ({session.Data.Path}), so the server can read the new secret.");
        }

        try
        {
            await session.Hooks.ReplaceAsync(target.Id!, target with { Channel = target.Channel with { Config = config } }, ct);
        }
        catch (OktaApiException ex) when (ex.StatusCode is >= 400 and < 500)
        {
            // Okta refused: it kept the old secret, so the new one must not retire it later.
            await rotations.UpdateAsync(receiving.Name, r => r.Cancel(SecretRotation.Sha256(newSecret)), CancellationToken.None);
            throw new CliFailure($"Okta refused the new secret, so nothing changed: {ex.Message}");
        }
        catch (Exception ex) when (ex is OktaApiException or HttpRequestException or OperationCanceledException)
        {
            // Okta may or may not have taken it: accept both secrets and retire neither.
            await rotations.UpdateAsync(receiving.Name, r => r.KeepBoth(SecretRotation.Sha256(newSecret)), CancellationToken.None);
            throw new CliFailure(
                $"it is unclear whether Okta took the new secret ({ex.Message}); HookRelay now accepts both the old and the new one and retires neither. " +
                "Run rotate-secret again once Okta answers.");
        }

        var retireAt = TimeProvider.System.GetUtcNow() + retireAfter;
        await rotations.UpdateAsync(receiving.Name, r => r.ScheduleRetirement(SecretRotation.Sha256(newSecret), retireAt), CancellationToken.None);
        var verified = await VerifyAsync(session, target, ct);
        Console.Out.WriteLine($"Rotated the secret of hook '{receiving.Name}': Okta event hook '{target.Name}' ({target.Id}) now sends the new one and is {verified.VerificationStatus}.");
        Console.Out.WriteLine($"HookRelay accepts the old secret until {grace.TotalSeconds:0} s after the first delivery with the new one, and until {retireAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)} at the latest.");
        return 0;
    }

    /// <summary>Null once the hook's URL answers a verification GET made with the new secret; otherwise the last reason it did not.</summary>
    private static async Task<string?> AcceptedAsync(Uri url, string headerName, string secret, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reason = "no answer";
        while (clock.Elapsed < AcceptPatience)
        {
            var challenge = Guid.NewGuid().ToString("N");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("X-Okta-Verification-Challenge", challenge);
            request.Headers.TryAddWithoutValidation(headerName, secret);
            try
            {
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode && body.Contains(challenge, StringComparison.Ordinal))
                {
                    return null;
                }

                reason = $"it answered {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                reason = ex.Message;
            }

            await Task.Delay(SecretRotationWatcher.Interval / 2, ct);
        }

        return reason;
    }

    /// <summary>Okta asks for verification after a channel change; tried until the server has loaded the new secret.</summary>
    private static async Task<EventHook> VerifyAsync(OktaCliSession session, EventHook target, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await session.Hooks.VerifyAsync(target.Id!, ct);
            }
            catch (OktaApiException ex) when (ex.StatusCode == 400)
            {
                if (clock.Elapsed > VerifyPatience)
                {
                    throw new CliFailure(
                        $"Okta has the new secret but could not verify the hook, so it sends it no events until verified: {ex.Message} " +
                        $"HookRelay accepts both secrets meanwhile; once it answers, run 'hookrelay okta hooks verify {target.Id} --org {session.Org}'.");
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    /// <summary>Another org sending the same secret would be refused once the old secret retires.</summary>
    private static void RefuseSharedHook(OktaCliSession session, string hook)
    {
        var okta = new OktaOptions();
        session.Configuration.GetSection(OktaOptions.SectionName).Bind(okta);
        var senders = okta.Orgs.Where(o => o.Value.Hooks.Contains(hook, StringComparer.OrdinalIgnoreCase)).Select(o => o.Key).ToList();
        if (senders.Count > 1)
        {
            throw new CliFailure($"hook '{hook}' receives from several orgs ({string.Join(", ", senders)}); retiring its old secret would refuse the others' deliveries. Give each org its own hook first.");
        }
    }

    private static async Task<EventHook> FindByUrlAsync(OktaCliSession session, string hook, CancellationToken ct)
    {
        var matches = (await session.Hooks.ListAsync(ct))
            .Where(h => h.Channel.Config.Uri.AbsolutePath.TrimEnd('/').EndsWith("/hooks/" + hook, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new CliFailure(CliApp.UsageError, $"{(matches.Count == 0 ? "no" : matches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} event hooks in org {session.Org} point at /hooks/{hook}; pass --okta-hook with the id or name.");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
