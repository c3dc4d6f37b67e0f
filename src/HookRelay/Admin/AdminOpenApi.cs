using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HookRelay.Admin;

/// <summary>The OpenAPI document of the admin API: only <c>/api/v1</c>, and the bearer token it asks for.</summary>
internal static class AdminOpenApi
{
    private const string Scheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith(AdminExtensions.ApiPrefix[1..], StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "HookRelay admin API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = Scheme,
                Description = "One of Admin:Tokens. Without any configured, only clients on the server's machine are answered, with no token.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
            return Task.CompletedTask;
        });
    }
}
