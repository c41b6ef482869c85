using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// A form designed in Persian with five field types, previewed at desktop and phone width in both languages, filled in
/// at its public link by a visitor who is not signed in and whose browser grants its location, then found as a
/// submission with its new contact and as a point on the map.
/// </summary>
public sealed class FormsBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task A_designed_form_is_filled_in_at_its_public_link_and_the_submission_its_contact_and_its_point_are_found()
    {
        var admin = await app.SignedInPageAsync(1280, 900, phone: false);
        var name = "درخواست نمایندگی " + Random.Shared.Next(1000, 9999);
        await admin.GotoAsync(app.BaseUrl + "/Forms/Forms/Edit?culture=fa-IR&ui-culture=fa-IR");
        await admin.FillAsync("#Name", name);
        await admin.FillAsync("#TitleFa", name);
        await admin.FillAsync("#TitleEn", "Dealership request");
        await admin.FillAsync("#DescriptionFa", "برای همکاری در فروش کارت‌خوان، این فرم را پر کنید.");
        await admin.CheckAsync("#RecordLocation");

        await AddFieldAsync(admin, "ShortText", "نام و نام خانوادگی", "Full name", required: true);
        await Card(admin).Locator("select").First.SelectOptionAsync("FullName");
        await AddFieldAsync(admin, "Mobile", "شماره همراه", "Mobile", required: true);
        await AddFieldAsync(admin, "Dropdown", "استان", "Province", required: true);
        await Card(admin).Locator("input[placeholder='عنوان فارسی']").Last.FillAsync("اصفهان");
        await Card(admin).Locator("input[placeholder='عنوان انگلیسی']").Last.FillAsync("Isfahan");
        await Card(admin).GetByRole(AriaRole.Button, new() { Name = "افزودن گزینه" }).ClickAsync();
        await Card(admin).Locator("input[placeholder='عنوان فارسی']").Last.FillAsync("فارس");
        await Card(admin).Locator("input[placeholder='عنوان انگلیسی']").Last.FillAsync("Fars");
        await AddFieldAsync(admin, "Date", "تاریخ تأسیس فروشگاه", "Shop opened on", required: false);
        await AddFieldAsync(admin, "YesNo", "با شرایط همکاری موافقم", "I accept the terms", required: true);
        (await admin.Locator("#field-list .field-card").CountAsync()).ShouldBe(5);
        // Reordered by a button: the date goes above the province, and back.
        await admin.Locator("#field-list .field-card").Nth(3).Locator("[data-move=up]").ClickAsync();
        (await admin.Locator("#field-list .field-card").Nth(2).InnerTextAsync()).ShouldContain("تاریخ تأسیس");
        await admin.Locator("#field-list .field-card").Nth(2).Locator("[data-move=down]").ClickAsync();
        await RunningApp.Shot(admin, "form-designer-fa");

        await admin.ClickAsync("#save-preview");
        await admin.ArriveAtAsync("**/Forms/Forms/Preview/**");
        var formId = admin.Url.Split('?')[0].Split('/').Last();
        var phoneFrame = admin.FrameLocator("#preview-phone");
        (await phoneFrame.Locator("#form-title").InnerTextAsync()).ShouldBe(name);
        (await admin.Locator("#preview-phone").BoundingBoxAsync())!.Width.ShouldBeLessThanOrEqualTo(376);
        await phoneFrame.Locator("#f_field5").WaitForAsync();
        (await phoneFrame.Locator("#f_field3 option").CountAsync()).ShouldBe(3);
        await RunningApp.Shot(admin, "form-preview-fa");
        await admin.ClickAsync("#preview-en");
        await admin.ArriveAtAsync("**/Forms/Forms/Preview/**");
        (await admin.FrameLocator("#preview-phone").Locator("#form-title").InnerTextAsync()).ShouldBe("Dealership request");
        (await admin.FrameLocator("#preview-phone").Locator("html").GetAttributeAsync("dir")).ShouldBe("ltr");
        await RunningApp.Shot(admin, "form-preview-en");

        await admin.GotoAsync(app.BaseUrl + $"/Forms/Forms/Edit/{formId}?culture=fa-IR&ui-culture=fa-IR");
        var link = await admin.InputValueAsync("#public-link");
        link.ShouldStartWith(app.BaseUrl + "/f/");

        // A visitor, not signed in, whose browser grants the location asked for.
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Geolocation = new Geolocation { Latitude = 32.6546f, Longitude = 51.6680f, Accuracy = 25 },
            Permissions = ["geolocation"],
        });
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync(link + "?culture=fa-IR&ui-culture=fa-IR");
        (await visitor.GetAttributeAsync("html", "dir")).ShouldBe("rtl");
        (await visitor.InnerTextAsync("#geo-note")).ShouldContain("محل تکمیل");
        var surname = "کرمانی" + Random.Shared.Next(1000, 9999);
        var mobile = "0935" + Random.Shared.Next(1000000, 9999999);
        await visitor.FillAsync("#f_field1", "رضا " + surname);
        await visitor.FillAsync("#f_field2", mobile);
        await visitor.SelectOptionAsync("#f_field3", "o2");
        await visitor.CheckAsync("#f_field5");
        await RunningApp.Shot(visitor, "form-public-fa");
        (await visitor.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(1280);
        // A person takes longer than the form's least fill time.
        await visitor.WaitForTimeoutAsync(3500);
        await visitor.ClickAsync("#form-submit");
        await visitor.ArriveAtAsync("**/thanks");
        (await visitor.InnerTextAsync("#form-thanks")).ShouldContain("سپاس");
        await RunningApp.Shot(visitor, "form-thanks-fa");

        var phone = await (await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true })).NewPageAsync();
        await phone.GotoAsync(link + "?culture=en-US&ui-culture=en-US");
        (await phone.InnerTextAsync("#form-title")).ShouldBe("Dealership request");
        (await phone.InnerTextAsync("#public-form")).ShouldContain("Province");
        await RunningApp.Shot(phone, "form-public-en-phone");

        // The submission, its contact and its point.
        await admin.GotoAsync(app.BaseUrl + $"/Forms/Submissions?form={formId}&culture=fa-IR&ui-culture=fa-IR");
        (await admin.InnerTextAsync("#submissions")).ShouldContain(surname);
        await RunningApp.Shot(admin, "form-submissions-fa");
        await admin.Locator("#submissions tbody a").First.ClickAsync();
        await admin.ArriveAtAsync("**/Forms/Submissions/Details/**");
        (await admin.InnerTextAsync("#submission-values")).ShouldContain("فارس");
        (await admin.InnerTextAsync("#submission-contact")).ShouldContain(surname);
        (await admin.InnerTextAsync("#submission-location")).ShouldContain("32.6546");
        await RunningApp.Shot(admin, "form-submission-fa");
        await admin.ClickAsync("#submission-contact");
        await admin.ArriveAtAsync("**/Contacts/Contacts/Details/**");
        (await admin.InnerTextAsync("h1")).ShouldContain(surname);

        await admin.GotoAsync(app.BaseUrl + $"/Forms/Map?form={formId}&culture=fa-IR&ui-culture=fa-IR");
        (await admin.InnerTextAsync("#map-count")).ShouldContain("۱");
        var point = admin.Locator("#submission-map path.leaflet-interactive").First;
        await point.WaitForAsync();
        await point.ClickAsync(new LocatorClickOptions { Force = true });
        await admin.Locator(".leaflet-popup .map-open").WaitForAsync();
        (await admin.InnerTextAsync(".leaflet-popup")).ShouldContain(surname);
        await RunningApp.Shot(admin, "form-map-fa");
        await admin.ClickAsync(".leaflet-popup .map-open");
        await admin.ArriveAtAsync("**/Forms/Submissions/Details/**");

        // The designer, the submissions and the map in English, left to right.
        await admin.GotoAsync(app.BaseUrl + $"/Forms/Forms/Edit/{formId}?culture=en-US&ui-culture=en-US");
        (await admin.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        (await admin.Locator("#field-list .field-card").CountAsync()).ShouldBe(5);
        (await admin.InnerTextAsync("h1")).ShouldBe("Edit form");
        (await admin.Locator("#field-list .field-card .card-header").Nth(2).InnerTextAsync()).ShouldContain("Province");
        await RunningApp.Shot(admin, "form-designer-en");
        await admin.GotoAsync(app.BaseUrl + $"/Forms/Submissions?form={formId}&culture=en-US&ui-culture=en-US");
        (await admin.InnerTextAsync("#submissions")).ShouldContain(surname);
        await RunningApp.Shot(admin, "form-submissions-en");
        await admin.GotoAsync(app.BaseUrl + $"/Forms/Map?form={formId}&culture=en-US&ui-culture=en-US");
        await admin.Locator("#submission-map path.leaflet-interactive").First.WaitForAsync();
        await RunningApp.Shot(admin, "form-map-en");
    }

    [Fact]
    public async Task A_newsletter_issue_is_written_with_its_news_items_previewed_through_the_template_and_sent()
    {
        var admin = await app.SignedInPageAsync(1280, 900, phone: false);
        await admin.GotoAsync(app.BaseUrl + "/Forms/Forms?culture=fa-IR&ui-culture=fa-IR");
        await admin.ClickAsync("#new-newsletter");
        await admin.ArriveAtAsync("**/Forms/Forms/Edit?kind=Newsletter**");
        var name = "خبرنامه مشتریان " + Random.Shared.Next(1000, 9999);
        await admin.FillAsync("#Name", name);
        await admin.FillAsync("#TitleFa", name);
        await admin.FillAsync("#TitleEn", "Customer newsletter");
        (await admin.Locator("#field-list .field-card").CountAsync()).ShouldBe(4);
        (await admin.Locator("#IsPublic").CountAsync()).ShouldBe(0, "a newsletter is never public");
        await RunningApp.Shot(admin, "newsletter-designer-fa");
        await admin.ClickAsync("#save-form");
        await admin.ArriveAtAsync("**/Forms/Forms/Edit/**");
        await admin.GotoAsync(app.BaseUrl + "/Forms/Forms?culture=fa-IR&ui-culture=fa-IR");
        (await admin.InnerTextAsync("#forms")).ShouldContain(name);
        await RunningApp.Shot(admin, "forms-list-fa");
        await admin.ClickAsync($"#forms a:text('{name}')");
        await admin.ArriveAtAsync("**/Forms/Forms/Edit/**");

        await admin.ClickAsync("#edit-template");
        await admin.ArriveAtAsync("**/Forms/Newsletters/Template/**");
        await admin.FrameLocator("#template-preview").Locator("h1").WaitForAsync();
        await RunningApp.Shot(admin, "newsletter-template-fa");
        var templateUrl = admin.Url.Split('?')[0];
        await admin.GotoAsync(templateUrl + "?lang=en&culture=en-US&ui-culture=en-US");
        (await admin.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        await admin.FrameLocator("#template-preview").Locator("h1").WaitForAsync();
        await RunningApp.Shot(admin, "newsletter-template-en");
        await admin.GotoAsync(templateUrl.Replace("/Forms/Newsletters/Template/", "/Forms/Forms/Edit/") + "?culture=fa-IR&ui-culture=fa-IR");

        // An issue with three news items, the third added with the button.
        await admin.ClickAsync("#write-issue");
        await admin.ArriveAtAsync("**/f/**");
        await admin.FillAsync("#f_title", "خبرهای آذر");
        await admin.FillAsync("#f_number", "۷");
        await admin.FillAsync("#f_image", app.BaseUrl + "/favicon.svg");
        var items = admin.Locator(".news-item");
        await items.Nth(0).Locator("input[name='items.title']").FillAsync("افتتاح شعبه اصفهان");
        await items.Nth(0).Locator("textarea").FillAsync("از یکم دی، مشتریان اصفهان حضوری خدمت می‌گیرند.");
        await items.Nth(0).Locator("input[name='items.link']").FillAsync("https://www.example.com/isfahan");
        await items.Nth(1).Locator("input[name='items.title']").FillAsync("ساعت کاری زمستان");
        await admin.ClickAsync("[data-add-news-item]");
        (await items.CountAsync()).ShouldBe(3);
        await items.Nth(2).Locator("input[name='items.title']").FillAsync("جشنواره فروش یلدا");
        await items.Nth(2).Locator("textarea").FillAsync("تا ۲۰ درصد تخفیف روی کارت‌خوان‌ها.");
        await RunningApp.Shot(admin, "newsletter-issue-fa");
        await admin.WaitForTimeoutAsync(3500);
        await admin.ClickAsync("#form-submit");
        await admin.ArriveAtAsync("**/Forms/Submissions/Details/**");
        (await admin.InnerTextAsync("#submission-values")).ShouldContain("جشنواره فروش یلدا");

        await admin.ClickAsync("#send-issue");
        await admin.ArriveAtAsync("**/Forms/Newsletters/Send/**");
        var preview = admin.FrameLocator("#issue-preview");
        (await preview.Locator("body").InnerTextAsync()).ShouldContain("افتتاح شعبه اصفهان");
        (await preview.Locator("body").InnerTextAsync()).ShouldContain("۷");
        await RunningApp.Shot(admin, "newsletter-send-fa");
        await admin.FillAsync("#Addresses", "ali@customer.example\nsara@customer.example, ALI@customer.example");
        await admin.ClickAsync("#send-now");
        await admin.ArriveAtAsync("**/Forms/Newsletters/Send/**");
        (await admin.InnerTextAsync("#sends")).ShouldContain("به ۲ گیرنده");

        var sendUrl = admin.Url.Split('?')[0];
        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await phone.GotoAsync(sendUrl + "?culture=en-US&ui-culture=en-US");
        (await phone.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        (await phone.InnerTextAsync("#send-form")).ShouldContain("Subject");
        (await phone.FrameLocator("#issue-preview").Locator("body").InnerTextAsync()).ShouldContain("جشنواره فروش یلدا");
        await phone.Locator("#issue-preview").ScrollIntoViewIfNeededAsync();
        await RunningApp.Shot(phone, "newsletter-send-en-phone");
        await phone.GotoAsync(app.BaseUrl + "/Forms/Forms?culture=en-US&ui-culture=en-US");
        (await phone.InnerTextAsync("#forms")).ShouldContain("Newsletter");
        await RunningApp.Shot(phone, "forms-list-en-phone");
    }

    private static ILocator Card(IPage page) => page.Locator("#field-list .field-card").Last;

    private static async Task AddFieldAsync(IPage page, string type, string labelFa, string labelEn, bool required)
    {
        await page.ClickAsync("#add-field");
        await page.ClickAsync($"[data-add-field={type}]");
        var card = Card(page);
        await card.Locator("input").Nth(0).FillAsync(labelFa);
        await card.Locator("input").Nth(1).FillAsync(labelEn);
        if (required)
        {
            await card.GetByLabel("الزامی").CheckAsync();
        }
    }
}
