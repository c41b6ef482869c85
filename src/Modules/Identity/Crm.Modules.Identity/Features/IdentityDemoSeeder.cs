using System.Security.Cryptography;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Identity.Features;

/// <summary>Two sales teams with a manager and reps each, plus a marketer and a support agent.</summary>
public sealed class IdentityDemoSeeder(UserManager<ApplicationUser> users, DbContext db) : IDemoDataSeeder
{
    public int Order => 0;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<Team>().AnyAsync(cancellationToken))
        {
            return;
        }

        // One random password for all demo accounts, printed once: the repository holds none.
        var password = "demo" + RandomNumberGenerator.GetInt32(100000, 999999);
        var north = new Team { Name = "فروش تهران" };
        var south = new Team { Name = "فروش اصفهان" };
        db.AddRange(north, south);
        await db.SaveChangesAsync(cancellationToken);

        var people = new (string UserName, string Name, string Role, Team? Team)[]
        {
            ("sara.ahmadi", "سارا احمدی", CrmRoles.SalesManager, north),
            ("reza.karimi", "رضا کریمی", CrmRoles.SalesRep, north),
            ("maryam.hosseini", "مریم حسینی", CrmRoles.SalesRep, north),
            ("ali.rezaei", "علی رضایی", CrmRoles.SalesManager, south),
            ("neda.moradi", "ندا مرادی", CrmRoles.SalesRep, south),
            ("hamed.jafari", "حامد جعفری", CrmRoles.Marketer, null),
            ("zahra.mohammadi", "زهرا محمدی", CrmRoles.SupportAgent, null),
        };
        foreach (var (userName, name, role, team) in people)
        {
            var user = new ApplicationUser
            {
                UserName = userName,
                DisplayName = name,
                Email = $"{userName}@demo.example",
                EmailConfirmed = true,
                TeamId = team?.Id,
            };
            await users.CreateAsync(user, password);
            await users.AddToRoleAsync(user, role);
            if (role == CrmRoles.SalesManager && team is not null)
            {
                team.LeaderId = user.Id;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        Console.WriteLine($"Demo company created: users {string.Join(", ", people.Select(p => p.UserName))}; password for all: {password}");
    }
}
