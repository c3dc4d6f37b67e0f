using System.Security.Cryptography;

namespace HookRelay.Simulator;

/// <summary>
/// The simulated org's event hooks, behind <c>/api/v1/eventHooks</c>. Thread-safe; the delivery
/// side reads <see cref="Deliverable"/>, tests may also set a hook's state directly.
/// </summary>
internal sealed class SimulatedEventHooks(TimeProvider timeProvider)
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly Lock _gate = new();
    private readonly List<SimulatedEventHook> _hooks = [];

    public IReadOnlyList<SimulatedEventHook> List()
    {
        lock (_gate)
        {
            return [.. _hooks];
        }
    }

    public SimulatedEventHook? Get(string id)
    {
        lock (_gate)
        {
            return _hooks.Find(h => h.Id == id);
        }
    }

    /// <summary>A new hook is ACTIVE and UNVERIFIED: Okta sends it nothing until it is verified.</summary>
    public SimulatedEventHook Create(SimulatedHookDefinition definition)
    {
        var now = timeProvider.GetUtcNow();
        var hook = new SimulatedEventHook("who" + RandomNumberGenerator.GetString(IdAlphabet, 17), definition, SimulatedEventHook.Active, SimulatedEventHook.Unverified, now, now);
        lock (_gate)
        {
            _hooks.Add(hook);
        }

        return hook;
    }

    /// <summary>Full replacement; a changed channel (URI, auth, headers) needs verifying again.</summary>
    public SimulatedEventHook? Replace(string id, SimulatedHookDefinition definition) =>
        Update(id, h => h with
        {
            Definition = definition,
            VerificationStatus = h.Definition.SameChannel(definition) ? h.VerificationStatus : SimulatedEventHook.Unverified,
        });

    public SimulatedEventHook? SetStatus(string id, string status) => Update(id, h => h with { Status = status });

    public SimulatedEventHook? SetVerificationStatus(string id, string verificationStatus) => Update(id, h => h with { VerificationStatus = verificationStatus });

    /// <summary>Marks the hook verified, unless its channel changed while the handshake ran.</summary>
    public SimulatedEventHook? MarkVerified(string id, SimulatedHookDefinition verified) =>
        Update(id, h => h.Definition.SameChannel(verified) ? h with { VerificationStatus = SimulatedEventHook.Verified } : h);

    public bool Delete(string id)
    {
        lock (_gate)
        {
            return _hooks.RemoveAll(h => h.Id == id) > 0;
        }
    }

    /// <summary>The hooks Okta would deliver to now (ACTIVE and VERIFIED), with what each request carries.</summary>
    public IReadOnlyList<DeliverableEventHook> Deliverable()
    {
        lock (_gate)
        {
            return [.. _hooks.Where(h => h.ReceivesEvents).Select(h => new DeliverableEventHook(
                h.Id, h.Definition.Name, h.Definition.Uri, h.Definition.AuthKey, h.Definition.AuthValue, h.Definition.Headers, h.Definition.EventTypes))];
        }
    }

    private SimulatedEventHook? Update(string id, Func<SimulatedEventHook, SimulatedEventHook> change)
    {
        lock (_gate)
        {
            var index = _hooks.FindIndex(h => h.Id == id);
            if (index < 0)
            {
                return null;
            }

            var changed = change(_hooks[index]);
            if (changed != _hooks[index])
            {
                changed = changed with { LastUpdated = timeProvider.GetUtcNow() };
            }

            _hooks[index] = changed;
            return changed;
        }
    }
}
