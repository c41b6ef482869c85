using System.Security.Claims;
using System.Security.Cryptography;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// Makes sure the roles exist with their default permissions, and that there is an administrator.
/// A first administrator without a configured password gets a generated one-time password, printed once.
/// </summary>
public sealed class AdminBootstrapper(
    RoleManager<ApplicationRole> roles,
    UserManager<ApplicationUser> users,
    IEnumerable<ICrmModule> modules,
    IOptions<AdminBootstrapOptions> options,
    ILogger<AdminBootstrapper> logger)
{
    public async Task<string?> EnsureAsync()
    {
        var permissions = modules.SelectMany(m => m.Permissions).Concat(PlatformPermissions.All).ToList();
        foreach (var roleName in CrmRoles.All)
        {
            var role = await roles.FindByNameAsync(roleName);
            if (role is null)
            {
                role = new ApplicationRole(roleName);
                Check(await roles.CreateAsync(role));
            }

            var held = (await roles.GetClaimsAsync(role)).Where(c => c.Type == PermissionClaims.Type).Select(c => c.Value).ToHashSet();
            foreach (var permission in permissions.Where(p => p.DefaultRoles.Contains(roleName) && !held.Contains(p.Name)))
            {
                Check(await roles.AddClaimAsync(role, new Claim(PermissionClaims.Type, permission.Name)));
            }
        }

        if (await users.GetUsersInRoleAsync(CrmRoles.Administrator) is { Count: > 0 })
        {
            return null;
        }

        var settings = options.Value;
        var generated = string.IsNullOrEmpty(settings.Password);
        var password = generated ? GeneratePassword() : settings.Password!;
        var admin = await users.FindByNameAsync(settings.UserName) ?? new ApplicationUser
        {
            UserName = settings.UserName,
            Email = settings.Email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
        };
        admin.MustChangePassword = generated;
        if (await users.FindByIdAsync(admin.Id.ToString()) is null)
        {
            Check(await users.CreateAsync(admin, password));
        }

        Check(await users.AddToRoleAsync(admin, CrmRoles.Administrator));
        if (generated)
        {
            // Printed straight to the console (not the log files): it is shown once and must be changed at first sign-in.
            Console.WriteLine($"""

                ================================================================
                 First administrator created.
                   user name: {admin.UserName}
                   one-time password: {password}
                 You will be asked to choose a new password at first sign-in.
                ================================================================

                """);
        }
        else
        {
            logger.LogInformation("Administrator {UserName} created from configuration", admin.UserName);
        }

        return generated ? password : null;
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = Enumerable.Range(0, 14).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
        chars[0] = (char)('a' + RandomNumberGenerator.GetInt32(26));
        chars[1] = (char)('2' + RandomNumberGenerator.GetInt32(8));
        return new string(chars);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
