using System.Globalization;
using HookRelay.Storage;

namespace HookRelay.Cli.Doctor;

/// <summary>Free space where the data folder lives: a full disk turns every delivery into a 503.</summary>
internal static class DiskSpaceChecks
{
    public const string Name = "disk space";

    private const long OneGiB = 1L << 30;

    public static DoctorCheck Check(DataDirectory data)
    {
        // The folder may not exist before the first start: its nearest existing parent is on the same disk, usually.
        var folder = new DirectoryInfo(Path.GetFullPath(data.Path));
        while (!folder.Exists && folder.Parent is not null)
        {
            folder = folder.Parent;
        }

        DriveInfo drive;
        try
        {
            drive = new DriveInfo(folder.FullName);
            _ = drive.TotalSize;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return DoctorCheck.Warn(Name, $"cannot read the free space of {folder.FullName}: {ex.Message}", "check the disk by hand (df -h)");
        }

        var free = drive.AvailableFreeSpace;
        var share = drive.TotalSize == 0 ? 0 : (double)free / drive.TotalSize;
        var detail = $"{Size(free)} free of {Size(drive.TotalSize)} ({share.ToString("P0", CultureInfo.InvariantCulture)}) on the disk of {data.Path}";
        return free < OneGiB || share < 0.10
            ? DoctorCheck.Warn(Name, detail, "free space on that disk or move DataDir to a larger one: under 1 GiB or 10 % free, the store may soon refuse deliveries (Okta then gets 503)")
            : DoctorCheck.Ok(Name, detail);
    }

    private static string Size(long bytes) =>
        bytes >= OneGiB
            ? $"{(bytes / (double)OneGiB).ToString("0.0", CultureInfo.InvariantCulture)} GiB"
            : $"{(bytes / (double)(1 << 20)).ToString("0", CultureInfo.InvariantCulture)} MiB";
}
