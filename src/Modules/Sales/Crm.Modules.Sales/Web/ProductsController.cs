using System.Globalization;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Web;

/// <summary>The catalog of products and services, and the price books that give some customers other prices.</summary>
[Area(SalesModule.ModuleName)]
[HasPermission(SalesPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class ProductsController(DbContext db, ISpreadsheets spreadsheets, Amounts amounts, IDisplayFormatter format, IStringLocalizer<SalesResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(string? q, string? category, bool deleted, CancellationToken cancellationToken)
    {
        ViewBag.Categories = await db.Set<Product>().Where(p => p.Category != null).Select(p => p.Category!).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        ViewBag.PriceBooks = await db.Set<PriceBook>().AsNoTracking().OrderBy(b => b.Name).ToListAsync(cancellationToken);
        return View(await Filtered(q, category, deleted).OrderBy(p => p.Code).Take(500).ToListAsync(cancellationToken));
    }

    [HttpGet]
    [HasPermission(SalesPermissions.Export)]
    public async Task Export(string? q, string? category, CancellationToken cancellationToken)
    {
        var rows = Filtered(q, category, false).OrderBy(p => p.Code).AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"products-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, l["Menu_Products"],
            [l["Field_Code"], l["Field_NamePersian"], l["Field_NameEnglish"], l["Field_Unit"], l["Field_BasePriceRial"], l["Field_VatRate"], l["Field_Category"], l["Field_Kind"], l["Field_Active"]],
            rows.ToSheetRows(p => [p.Code, p.Name, p.EnglishName, p.Unit, p.BasePrice, p.VatRate, p.Category, l[p.IsService ? "Kind_Service" : "Kind_Product"].Value, l[p.IsActive ? "Yes" : "No"].Value]),
            format.IsPersian, cancellationToken);
    }

    private IQueryable<Product> Filtered(string? q, string? category, bool deleted)
    {
        var query = (deleted ? db.Set<Product>().IgnoreQueryFilters().Where(p => p.IsDeleted) : db.Set<Product>()).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = PersianText.Clean(q);
            query = query.Where(p => p.Code.Contains(text) || p.Name.Contains(text) || (p.EnglishName != null && p.EnglishName.Contains(text)));
        }

        return string.IsNullOrWhiteSpace(category) ? query : query.Where(p => p.Category == category);
    }

    [HttpGet]
    [HasPermission(SalesPermissions.ManageCatalog)]
    public IActionResult Create() => View("Edit", new ProductEditModel { Unit = format.IsPersian ? "عدد" : "unit", VatRate = "10", IsActive = true });

    [HttpGet]
    [HasPermission(SalesPermissions.ManageCatalog)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var p = await db.Set<Product>().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return p is null ? NotFound() : View(new ProductEditModel
        {
            Id = p.Id, Version = p.Version, Code = p.Code, Name = p.Name, EnglishName = p.EnglishName, Unit = p.Unit, BasePrice = amounts.Input(p.BasePrice),
            VatRate = p.VatRate.ToString("0.##", CultureInfo.InvariantCulture), Category = p.Category, IsService = p.IsService, IsActive = p.IsActive,
            WarrantyMonths = p.WarrantyMonths, FreeServices = p.FreeServices,
        });
    }

    [HttpPost]
    [HasPermission(SalesPermissions.ManageCatalog)]
    public async Task<IActionResult> Save(ProductEditModel model, CancellationToken cancellationToken)
    {
        var code = (model.Code ?? "").Trim();
        if (code.Length == 0 || code.Length > 40)
        {
            ModelState.AddModelError(nameof(model.Code), l["Error_Code"]);
        }
        else if (await db.Set<Product>().IgnoreQueryFilters().AnyAsync(p => p.Code == code && p.Id != model.Id, cancellationToken))
        {
            ModelState.AddModelError(nameof(model.Code), l["Error_CodeTaken"]);
        }

        if (string.IsNullOrWhiteSpace(model.Name) || model.Name.Trim().Length > 200 || model.EnglishName?.Trim().Length > 200)
        {
            ModelState.AddModelError(nameof(model.Name), l["Error_NameRequired"]);
        }

        if (string.IsNullOrWhiteSpace(model.Unit) || model.Unit.Trim().Length > 30)
        {
            ModelState.AddModelError(nameof(model.Unit), l["Error_Unit"]);
        }

        if (!amounts.TryParse(model.BasePrice, out var price))
        {
            ModelState.AddModelError(nameof(model.BasePrice), l["Error_Amount"]);
        }

        if (!Amounts.TryParseNumber(model.VatRate, out var vat) || vat is < 0 or > 100)
        {
            ModelState.AddModelError(nameof(model.VatRate), l["Error_Probability"]);
        }

        if (model.Category?.Trim().Length > 100)
        {
            ModelState.AddModelError(nameof(model.Category), l["Error_TooLong", format.Number(100)]);
        }

        if (model.WarrantyMonths is < 0 or > Product.MaxWarrantyMonths)
        {
            ModelState.AddModelError(nameof(model.WarrantyMonths), l["Error_Range", format.Number(0), format.Number(Product.MaxWarrantyMonths)]);
        }

        if (model.FreeServices is < 0 or > Product.MaxFreeServices)
        {
            ModelState.AddModelError(nameof(model.FreeServices), l["Error_Range", format.Number(0), format.Number(Product.MaxFreeServices)]);
        }

        Product? product = null;
        if (model.Id is { } id)
        {
            product = await db.Set<Product>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (product is null)
            {
                return NotFound();
            }

            if (product.Version != model.Version)
            {
                ModelState.AddModelError("", l["Error_Concurrency"]);
            }
        }

        if (!ModelState.IsValid)
        {
            return View("Edit", model);
        }

        if (product is null)
        {
            product = new Product();
            db.Add(product);
        }

        product.Code = code;
        product.Name = PersianText.Clean(model.Name);
        product.EnglishName = string.IsNullOrWhiteSpace(model.EnglishName) ? null : model.EnglishName.Trim();
        product.Unit = PersianText.Clean(model.Unit);
        product.BasePrice = price;
        product.VatRate = vat;
        product.Category = string.IsNullOrWhiteSpace(model.Category) ? null : PersianText.Clean(model.Category);
        product.IsService = model.IsService;
        (product.WarrantyMonths, product.FreeServices) = (model.WarrantyMonths, model.FreeServices);
        product.IsActive = model.IsActive;
        return await this.SaveSettingsAsync(db, l["Saved"], l["Error_Concurrency"], () => View("Edit", model), cancellationToken);
    }

    [HttpPost]
    [HasPermission(SalesPermissions.ManageCatalog)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<Product>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken), id, l["ProductDeleted"], cancellationToken);

    [HttpPost]
    [HasPermission(SalesPermissions.ManageCatalog)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<Product>().IgnoreQueryFilters().FirstOrDefaultAsync(p => p.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken,
            page: nameof(Edit));

    /// <summary>A price book: its name and validity, and per product a fixed price or a discount off the base price.</summary>
    [HttpGet]
    [HasPermission(SalesPermissions.ManageCatalog)]
    public async Task<IActionResult> PriceBook(Guid? id, CancellationToken cancellationToken)
    {
        var book = id is null ? new PriceBook { IsActive = true } : await db.Set<PriceBook>().Include(b => b.Entries).FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (book is null)
        {
            return NotFound();
        }

        var products = await db.Set<Product>().AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        return View(new PriceBookEditModel
        {
            Id = id,
            Version = book.Version,
            Name = book.Name,
            ValidFrom = format.DateInput(book.ValidFrom),
            ValidTo = format.DateInput(book.ValidTo),
            IsActive = book.IsActive,
            Entries = [.. products.Select(p => book.Entries.FirstOrDefault(e => e.ProductId == p.Id) is { } e
                ? new PriceInput { ProductId = p.Id, Price = e.Price is { } price ? amounts.Input(price) : null, Discount = e.DiscountPercent?.ToString("0.##", CultureInfo.InvariantCulture) }
                : new PriceInput { ProductId = p.Id })],
        }.WithProducts(products));
    }

    [HttpPost]
    [HasPermission(SalesPermissions.ManageCatalog)]
    public async Task<IActionResult> SavePriceBook(PriceBookEditModel model, CancellationToken cancellationToken)
    {
        var products = await db.Set<Product>().AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        model.WithProducts(products);
        if (string.IsNullOrWhiteSpace(model.Name) || model.Name.Trim().Length > 100)
        {
            ModelState.AddModelError(nameof(model.Name), l["Error_NameRequired"]);
        }

        DateOnly? from = null, to = null;
        if (!string.IsNullOrWhiteSpace(model.ValidFrom))
        {
            from = format.TryParseDateInput(model.ValidFrom, out var f) ? f : null;
            if (from is null)
            {
                ModelState.AddModelError(nameof(model.ValidFrom), l["Error_Date"]);
            }
        }

        if (!string.IsNullOrWhiteSpace(model.ValidTo))
        {
            to = format.TryParseDateInput(model.ValidTo, out var t) ? t : null;
            if (to is null || (from is not null && to < from))
            {
                ModelState.AddModelError(nameof(model.ValidTo), l["Error_Date"]);
            }
        }

        var entries = new List<PriceBookEntry>();
        for (var i = 0; i < model.Entries.Count; i++)
        {
            var input = model.Entries[i];
            if (products.All(p => p.Id != input.ProductId) || (string.IsNullOrWhiteSpace(input.Price) && string.IsNullOrWhiteSpace(input.Discount)))
            {
                continue;
            }

            if (!string.IsNullOrWhiteSpace(input.Price))
            {
                if (amounts.TryParse(input.Price, out var price))
                {
                    entries.Add(new PriceBookEntry { ProductId = input.ProductId, Price = price });
                }
                else
                {
                    ModelState.AddModelError($"Entries[{i}].Price", l["Error_Amount"]);
                }
            }
            else if (Amounts.TryParseNumber(input.Discount, out var discount) && discount is >= -999 and <= 100)
            {
                entries.Add(new PriceBookEntry { ProductId = input.ProductId, DiscountPercent = discount });
            }
            else
            {
                ModelState.AddModelError($"Entries[{i}].Discount", l["Error_Discount"]);
            }
        }

        var book = model.Id is { } id ? await db.Set<PriceBook>().Include(b => b.Entries).FirstOrDefaultAsync(b => b.Id == id, cancellationToken) : new PriceBook();
        if (book is null)
        {
            return NotFound();
        }

        if (model.Id is not null && book.Version != model.Version)
        {
            ModelState.AddModelError("", l["Error_Concurrency"]);
        }

        if (!ModelState.IsValid)
        {
            return View("PriceBook", model);
        }

        if (model.Id is null)
        {
            db.Add(book);
        }

        book.Name = PersianText.Clean(model.Name);
        book.ValidFrom = from;
        book.ValidTo = to;
        book.IsActive = model.IsActive;
        db.RemoveRange(book.Entries);
        book.Entries.Clear();
        book.Entries.AddRange(entries);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["Saved"].Value;
        return RedirectToAction(nameof(Index));
    }
}

public sealed class ProductEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? EnglishName { get; set; }

    public string? Unit { get; set; }

    public string? BasePrice { get; set; }

    public string? VatRate { get; set; }

    public string? Category { get; set; }

    public bool IsService { get; set; }

    public int WarrantyMonths { get; set; }

    public int FreeServices { get; set; }

    public bool IsActive { get; set; }
}

public sealed class PriceBookEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Name { get; set; }

    public string? ValidFrom { get; set; }

    public string? ValidTo { get; set; }

    public bool IsActive { get; set; }

    public List<PriceInput> Entries { get; set; } = [];

    /// <summary>The products the rows are for, by id, for the form's labels.</summary>
    public Dictionary<Guid, Product> Products { get; private set; } = [];

    public PriceBookEditModel WithProducts(IEnumerable<Product> products)
    {
        Products = products.ToDictionary(p => p.Id);
        return this;
    }
}

public sealed class PriceInput
{
    public Guid ProductId { get; set; }

    public string? Price { get; set; }

    public string? Discount { get; set; }
}
