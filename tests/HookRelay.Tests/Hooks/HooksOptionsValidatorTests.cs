using HookRelay.Hooks;
using HookRelay.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace HookRelay.Tests.Hooks;

public sealed class HooksOptionsValidatorTests
{
    [Theory]
    [InlineData("Hooks:okta:Secrets:0", "short-secret", "Hooks:okta:Secrets:0 is 12 characters long; use at least 24")]
    [InlineData("Hooks:okta:HeaderName", "bad header", "Hooks:okta:HeaderName must be a valid HTTP header name")]
    [InlineData("Hooks:okta:MaxBodyBytes", "10", "Hooks:okta:MaxBodyBytes is 10; set it between")]
    [InlineData("Hooks:bad name!:Secrets:0", TestSecrets.Primary, "the hook name 'bad name!'")]
    public async Task Start_WithBadHookSetting_FailsWithMessageNamingSetting(string key, string value, string expected)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RunningHookRelay.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(ex.Failures, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Failures, f => f.Contains(value, StringComparison.Ordinal) && key.Contains("Secrets", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SecretWithSurroundingWhitespace_Fails()
    {
        var options = new HooksOptions();
        options.Hooks["okta"] = new HookOptions { Secrets = [" " + TestSecrets.Primary] };

        var result = new HooksOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("whitespace", result.FailureMessage, StringComparison.Ordinal);
    }
}
