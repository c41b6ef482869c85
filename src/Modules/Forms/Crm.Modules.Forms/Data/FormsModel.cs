using Crm.Modules.Forms.Features;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Lists;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Forms.Data;

public static class FormsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Form>(b =>
        {
            b.ToTable("Forms");
            b.Property(f => f.Name).HasMaxLength(Form.NameMaxLength);
            b.Property(f => f.TitleFa).HasMaxLength(Form.NameMaxLength);
            b.Property(f => f.TitleEn).HasMaxLength(Form.NameMaxLength);
            b.Property(f => f.DescriptionFa).HasMaxLength(Form.TextMaxLength);
            b.Property(f => f.DescriptionEn).HasMaxLength(Form.TextMaxLength);
            b.Property(f => f.ThankYouFa).HasMaxLength(Form.TextMaxLength);
            b.Property(f => f.ThankYouEn).HasMaxLength(Form.TextMaxLength);
            b.Property(f => f.RedirectUrl).HasMaxLength(500);
            b.Property(f => f.AllowedSites).HasMaxLength(Form.SitesMaxLength);
            b.Property(f => f.PublicKey).HasMaxLength(24);
            b.Property(f => f.Template).HasMaxLength(Form.TemplateMaxLength);
            b.HasIndex(f => f.PublicKey).IsUnique();
        });

        model.Entity<FormVersion>(b =>
        {
            b.ToTable("FormVersions");
            b.Property(v => v.Fields).HasMaxLength(FormFields.MaxJsonLength);
            b.HasIndex(v => new { v.FormId, v.Number }).IsUnique();
        });

        model.Entity<FormSubmission>(b =>
        {
            b.ToTable("FormSubmissions");
            b.Property(s => s.Values).HasMaxLength(FormSubmissions.MaxValuesLength);
            b.Property(s => s.Status).HasMaxLength(FormSubmission.StatusMaxLength);
            b.Property(s => s.ContactName).HasMaxLength(200);
            b.Property(s => s.SenderKey).HasMaxLength(44);
            b.Property(s => s.PersonKey).HasMaxLength(320);
            b.Property(s => s.TokenKey).HasMaxLength(44);
            b.HasIndex(s => new { s.FormId, s.Id });
            b.HasIndex(s => new { s.FormId, s.CreatedAt });
            b.HasIndex(s => new { s.FormId, s.SenderKey, s.CreatedAt });
            b.HasIndex(s => new { s.FormId, s.PersonKey });
            b.HasIndex(s => new { s.FormId, s.TokenKey }).IsUnique();
            b.HasIndex(s => s.ContactId);
        });

        model.Entity<FormSubmissionValue>(b =>
        {
            b.ToTable("FormSubmissionValues");
            b.HasKey(v => new { v.SubmissionId, v.Field, v.Value });
            b.Property(v => v.Field).HasMaxLength(40);
            b.Property(v => v.Value).IsSearchKey(FormSubmissionValue.MaxLength);
            b.HasIndex(v => new { v.FormId, v.Field, v.Value, v.SubmissionId });
        });

        model.Entity<NewsletterSend>(b =>
        {
            b.ToTable("FormNewsletterSends");
            b.Property(n => n.Id).ValueGeneratedNever();
            b.Property(n => n.Subject).HasMaxLength(NewsletterTemplate.SubjectMaxLength);
            b.Property(n => n.Culture).HasMaxLength(5);
            b.HasIndex(n => new { n.SubmissionId, n.SentAt });
        });

        model.Entity<FormSubmissionFile>(b =>
        {
            b.ToTable("FormSubmissionFiles");
            b.Property(f => f.Field).HasMaxLength(40);
            b.Property(f => f.FileName).HasMaxLength(200);
            b.Property(f => f.ContentType).HasMaxLength(100);
            b.Property(f => f.StoreName).HasMaxLength(200);
            b.HasIndex(f => f.SubmissionId);
        });
    }
}
