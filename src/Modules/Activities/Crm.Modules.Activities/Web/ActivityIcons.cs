using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Activities.Features;

namespace Crm.Modules.Activities.Web;

public static class ActivityIcons
{
    public static string For(ActivityKind kind) => kind switch
    {
        ActivityKind.Call => "telephone",
        ActivityKind.Meeting => "people",
        ActivityKind.Task => "check2-square",
        ActivityKind.Note => "sticky",
        ActivityKind.Event => "box-seam",
        ActivityKind.StatusChange => "arrow-left-right",
        ActivityKind.EmailSent => "envelope",
        ActivityKind.SmsSent => "chat-dots",
        _ => "file-earmark",
    };
}
