//! The one place UI text lives: a typed message key per string, Bahasa
//! Indonesia first and English second.
//!
//! A `match` per key keeps every message checked at compile time (a missing
//! translation does not build) and costs the wasm bundle only the strings.
//! Each table is one `match`, so a bundle carries a whole table: `Msg` for
//! the store, `ChatMsg` for the chat bundle.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const LANG_COOKIE: &str = "etl_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text of a bilingual pair stored in the database.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En if en.is_empty() => id,
            Lang::En => en,
        }
    }

    pub fn t(self, msg: impl Text) -> &'static str {
        msg.text(self)
    }

    /// The language a request asks for: its language cookie, Indonesian
    /// without one. Server functions, sockets and plain routes all read it here.
    #[cfg(feature = "ssr")]
    pub fn of_headers(headers: &axum::http::HeaderMap) -> Lang {
        crate::cookies::get(headers, LANG_COOKIE).and_then(|v| Lang::parse(&v)).unwrap_or_default()
    }
}

/// The language of the current render: from the request cookie on the
/// server, from `<html lang>` in the browser (which the server wrote).
pub fn provide_lang() -> Lang {
    let lang = detect();
    provide_context(lang);
    lang
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn detect() -> Lang {
    request_lang()
}

/// The language of the request being served: its cookie, Indonesian
/// without one (or outside a request).
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    use_context::<axum::http::request::Parts>().map(|p| Lang::of_headers(&p.headers)).unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn detect() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    Lang::default()
}

/// A message key of one of the string tables below.
pub trait Text: Copy {
    fn text(self, lang: Lang) -> &'static str;
}

macro_rules! messages {
    ($(#[$doc:meta])* $name:ident { $($key:ident => $id:literal, $en:literal;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($key),* }

        impl Text for $name {
            fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$key, Lang::Id) => $id, ($name::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    /// The store's UI strings.
    Msg {
        SkipToContent => "Langsung ke konten", "Skip to content";
        Search => "Cari", "Search";
        SearchPlaceholder => "Cari kemeja, batik, jaket…", "Search shirts, batik, jackets…";
        Cart => "Keranjang", "Cart";
        Account => "Akun", "Account";
        Login => "Masuk", "Sign in";
        Logout => "Keluar", "Sign out";
        MarketingConsent => "Kirimi saya kabar promo dan produk baru lewat email (bisa berhenti kapan saja di halaman akun).", "Send me promotions and new products by email (stop any time on the account page).";
        MarketingTitle => "Email promo", "Promotional email";
        MarketingOn => "Anda menerima email promo dari kami.", "You receive our promotional email.";
        MarketingOff => "Anda tidak menerima email promo dari kami.", "You do not receive our promotional email.";
        MarketingWithdraw => "Berhenti berlangganan", "Unsubscribe";
        MarketingGive => "Mau menerima email promo", "Receive promotional email";
        Register => "Daftar", "Register";
        Categories => "Kategori", "Categories";
        BestSellers => "Terlaris", "Best sellers";
        NewArrivals => "Produk baru", "New arrivals";
        SeeAll => "Lihat semua", "See all";
        Home => "Beranda", "Home";
        From => "Mulai", "From";
        OutOfStock => "Stok habis", "Out of stock";
        OnlyLeft => "Sisa", "Only left:";
        InStock => "Tersedia", "In stock";
        Colour => "Warna", "Colour";
        Size => "Ukuran", "Size";
        Quantity => "Jumlah", "Quantity";
        AddToCart => "Tambah ke keranjang", "Add to cart";
        AddedToCart => "Ditambahkan ke keranjang", "Added to cart";
        ChooseSize => "Pilih ukuran", "Choose a size";
        Description => "Deskripsi", "Description";
        Related => "Produk terkait", "Related products";
        Filter => "Filter", "Filter";
        ApplyFilter => "Terapkan", "Apply";
        ResetFilter => "Hapus filter", "Clear filters";
        AllSizes => "Semua ukuran", "All sizes";
        AllColours => "Semua warna", "All colours";
        MinPrice => "Harga min", "Min price";
        MaxPrice => "Harga maks", "Max price";
        SortBy => "Urutkan", "Sort by";
        SortPopular => "Terpopuler", "Most popular";
        SortNewest => "Terbaru", "Newest";
        SortPriceAsc => "Harga terendah", "Price: low to high";
        SortPriceDesc => "Harga tertinggi", "Price: high to low";
        Products => "produk", "products";
        Previous => "Sebelumnya", "Previous";
        Next => "Berikutnya", "Next";
        Page => "Halaman", "Page";
        NoProducts => "Tidak ada produk yang cocok.", "No matching products.";
        SearchResultsFor => "Hasil pencarian untuk", "Search results for";
        SearchEmpty => "Ketik kata kunci untuk mencari produk.", "Type a keyword to search products.";
        CartEmpty => "Keranjang Anda masih kosong.", "Your cart is empty.";
        ContinueShopping => "Lanjut belanja", "Continue shopping";
        Subtotal => "Subtotal", "Subtotal";
        Update => "Ubah", "Update";
        Remove => "Hapus", "Remove";
        Checkout => "Lanjut ke pembayaran", "Proceed to checkout";
        Stock => "Stok", "Stock";
        Loading => "Memuat…", "Loading…";
        NotFoundTitle => "Halaman tidak ditemukan", "Page not found";
        NotFoundText => "Maaf, halaman yang Anda cari tidak ada atau sudah dipindahkan.", "Sorry, the page you are looking for does not exist or has moved.";
        BackHome => "Kembali ke beranda", "Back to home";
        Email => "Email", "Email";
        Password => "Kata sandi", "Password";
        Name => "Nama", "Name";
        NoAccount => "Belum punya akun?", "No account yet?";
        HaveAccount => "Sudah punya akun?", "Already have an account?";
        GuestNote => "Belanja tidak perlu akun. Masuk untuk menyimpan keranjang dan pesanan Anda.", "Shopping needs no account. Sign in to keep your cart and orders.";
        Hello => "Halo", "Hello";
        YourAccount => "Akun Anda", "Your account";
        Forbidden => "Akses ditolak", "Access denied";
        ForbiddenText => "Halaman ini hanya untuk staf dengan peran yang sesuai.", "This page is for staff with the right role only.";
        AgentPanel => "Panel Agen", "Agent panel";
        Studio => "Studio Pemasaran", "Marketing studio";
        BackOffice => "Back Office", "Back office";
        StaffShellText => "Area staf. Fitur lengkap area ini sedang dibangun.", "Staff area. This area's full features are being built.";
        SignedInAs => "Masuk sebagai", "Signed in as";
        Role => "Peran", "Role";
        Privacy => "Kebijakan privasi", "Privacy policy";
        Returns => "Pengembalian", "Returns";
        Contact => "Kontak", "Contact";
        Language => "Bahasa", "Language";
        SwitchLanguage => "English", "Bahasa Indonesia";
        FooterTagline => "Busana lokal untuk setiap hari. Dikirim dari Bandung ke seluruh Indonesia.", "Local fashion for every day. Shipped from Bandung across Indonesia.";
        PromoSlot => "Promo", "Promo";
        ShopNow => "Belanja sekarang", "Shop now";
        ErrorGeneric => "Terjadi kesalahan. Silakan coba lagi.", "Something went wrong. Please try again.";
        Items => "barang", "items";
        Total => "Total", "Total";
        ErrQuantityNotNumber => "Jumlah harus berupa angka bulat.", "Quantity must be a whole number.";
        ErrQuantityPositive => "Jumlah minimal 1.", "Quantity must be at least 1.";
        ErrQuantityCap => "Maksimal 10 per produk dalam satu pesanan.", "At most 10 of one product per order.";
        ErrStock => "Stok tidak cukup: tersisa {n}.", "Not enough stock: {n} left.";
        ErrStockInCart => "Stok tidak cukup: tersisa {n} dan {c} sudah di keranjang Anda.", "Not enough stock: {n} left and {c} already in your cart.";
        ErrSoldOut => "Maaf, varian ini sudah habis.", "Sorry, this variant is sold out.";
        ErrChooseVariant => "Pilih ukuran terlebih dahulu.", "Please choose a size first.";
        ErrUnknownVariant => "Produk ini tidak ditemukan.", "This product was not found.";
        ErrNotInCart => "Produk ini tidak ada di keranjang Anda.", "This product is not in your cart.";
        ErrLoginFailed => "Email atau kata sandi salah.", "Wrong email or password.";
        ErrTooManyAttempts => "Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit.", "Too many sign-in attempts. Try again in 15 minutes.";
        ErrEmailInvalid => "Alamat email tidak valid.", "The email address is not valid.";
        ErrEmailTaken => "Email ini sudah terdaftar. Silakan masuk.", "This email is already registered. Please sign in.";
        ErrPasswordShort => "Kata sandi minimal 8 karakter.", "The password needs at least 8 characters.";
        ErrPasswordLong => "Kata sandi terlalu panjang (maksimal 256 karakter).", "The password is too long (at most 256 characters).";
        ErrBadRequest => "Permintaan tidak lengkap atau tidak dapat dibaca. Muat ulang halaman lalu coba lagi.", "The request is incomplete or unreadable. Reload the page and try again.";
        ErrNotUtf8 => "Isian berisi karakter yang tidak valid. Periksa kembali lalu kirim ulang.", "A field contains invalid characters. Check it and send it again.";
        ErrControlChars => "Isian berisi karakter kontrol yang tidak diizinkan.", "A field contains control characters, which are not allowed.";
        ErrTooLarge => "Permintaan terlalu besar.", "The request is too large.";
        ErrUnsupportedType => "Format permintaan tidak didukung.", "The request format is not supported.";
        ErrNoUniqueTotal => "Transfer bank sedang penuh untuk jumlah ini. Silakan pilih virtual account, QRIS atau e-wallet, atau coba lagi nanti.", "Bank transfer is fully booked for this amount. Please choose a virtual account, QRIS or an e-wallet, or try again later.";
        ErrNameRequired => "Nama wajib diisi (maksimal 100 karakter).", "Please enter your name (at most 100 characters).";
        ErrSignInFirst => "Silakan masuk terlebih dahulu.", "Please sign in first.";
        ErrPhone => "Nomor HP tidak valid. Contoh: 0812 3456 7890.", "The phone number is not valid. Example: 0812 3456 7890.";
        ErrProvince => "Pilih provinsi.", "Choose a province.";
        ErrAddress => "Lengkapi alamat: kota/kabupaten, kecamatan dan alamat jalan.", "Complete the address: city/regency, district and street.";
        ErrPostalCode => "Kode pos harus 5 angka.", "The postal code must be 5 digits.";
        ErrCourier => "Pilih kurir yang melayani provinsi tujuan.", "Choose a courier that serves the destination province.";
        ErrPayment => "Pilih metode pembayaran.", "Choose a payment method.";
        ErrGeneric => "Muat ulang halaman dan coba lagi.", "Reload the page and try again.";
        ErrSoldOutAtCheckout => "Stok {name} tidak cukup (tersisa {n}). Ubah keranjang Anda.", "Not enough stock of {name} ({n} left). Please change your cart.";
        Phone => "Nomor HP", "Phone number";
        ShippingAddress => "Alamat pengiriman", "Shipping address";
        Province => "Provinsi", "Province";
        ChooseProvince => "Pilih provinsi", "Choose a province";
        City => "Kota/Kabupaten", "City/Regency";
        District => "Kecamatan", "District";
        PostalCode => "Kode pos", "Postal code";
        Street => "Alamat (jalan, nomor, RT/RW)", "Street address";
        Courier => "Kurir", "Courier";
        Days => "hari", "days";
        Payment => "Pembayaran", "Payment";
        BankTransfer => "Transfer bank (dengan kode unik)", "Bank transfer (with a unique code)";
        Review => "Ringkasan", "Review";
        Shipping => "Ongkir", "Shipping";
        ShippingAfterProvince => "Ongkir dihitung setelah provinsi dipilih.", "Shipping is calculated once a province is chosen.";
        UniqueCodeNote => "Kode unik 1–999 ditambahkan ke total agar transfer Anda langsung dikenali.", "A unique code of 1–999 is added to the total so your transfer is recognised at once.";
        PlaceOrder => "Buat pesanan", "Place order";
        Order => "Pesanan", "Order";
        TransferExactly => "Transfer tepat sejumlah", "Transfer exactly";
        To => "ke", "to";
        PayBefore => "Bayar sebelum", "Pay before";
        Copy => "Salin", "Copy";
        UniqueCode => "Kode unik", "Unique code";
        Timeline => "Riwayat status", "Status history";
        Awb => "No. resi", "Waybill (AWB)";
        StatusPendingPayment => "Menunggu pembayaran", "Awaiting payment";
        StatusPaid => "Dibayar", "Paid";
        StatusPacked => "Dikemas", "Packed";
        StatusShipped => "Dikirim", "Shipped";
        StatusDelivered => "Diterima", "Delivered";
        StatusCompleted => "Selesai", "Completed";
        StatusCancelled => "Dibatalkan", "Cancelled";
        ErrIllegalMove => "Perubahan status ini tidak diizinkan.", "This status change is not allowed.";
        ErrAwb => "Isi nomor resi (6–40 huruf/angka).", "Enter the waybill number (6–40 letters/digits).";
        Orders => "Pesanan", "Orders";
        MarkPaid => "Tandai dibayar", "Mark paid";
        MarkPacked => "Tandai dikemas", "Mark packed";
        MarkShipped => "Kirim", "Ship";
        MarkDelivered => "Tandai diterima", "Mark delivered";
        MarkCompleted => "Selesaikan", "Complete";
        CancelOrder => "Batalkan", "Cancel";
        NoOrders => "Belum ada pesanan.", "No orders yet.";
        ErrVoucherUnknown => "Kode voucher tidak dikenal. Periksa lagi penulisannya.", "Unknown voucher code. Please check the spelling.";
        ErrVoucherNotStarted => "Voucher ini baru berlaku mulai {at}.", "This voucher applies from {at}.";
        ErrVoucherExpired => "Masa berlaku voucher ini sudah berakhir.", "This voucher has expired.";
        ErrVoucherCategory => "Voucher ini hanya untuk produk kategori {category}.", "This voucher is only for {category} products.";
        ErrVoucherUsedUp => "Kuota voucher ini sudah habis.", "This voucher has been used up.";
        ErrVoucherUsedByYou => "Kamu sudah memakai voucher ini.", "You have already used this voucher.";
        FlashSale => "Flash Sale", "Flash Sale";
        SaleEndsIn => "Berakhir dalam", "Ends in";
        SaleStartsIn => "Mulai dalam", "Starts in";
        SaleLeft => "Tinggal {n} dengan harga flash sale", "{n} left at the sale price";
        SoldOutAtSalePrice => "Habis di harga flash sale", "Sold out at the sale price";
        ErrSaleOnlyLeft => "Tinggal {n} {name} dengan harga flash sale. Kurangi jumlahnya di keranjang.", "Only {n} of {name} left at the sale price. Lower the quantity in your cart.";
        ErrSalePerCustomer => "Flash sale ini maksimal {n} unit per pembeli. Kurangi jumlah {name} di keranjang.", "This flash sale allows {n} units per customer. Lower the quantity of {name} in your cart.";
        ErrSaleSoldOut => "{name} sudah habis di harga flash sale. Hapus dari keranjang atau tunggu sale berakhir.", "{name} is sold out at the sale price. Remove it from your cart or wait for the sale to end.";
        ErrPricesChanged => "Harga di keranjang berubah (flash sale dimulai, berakhir, atau kuotanya habis). Periksa total baru lalu pesan lagi.", "Prices in your cart changed (a flash sale started, ended or ran out). Check the new total, then order again.";
        ErrVoucherMinimum => "Voucher ini berlaku untuk belanja minimal {min}.", "This voucher needs a minimum spend of {min}.";
        Voucher => "Kode voucher (opsional)", "Voucher code (optional)";
        Discount => "Diskon", "Discount";
        VoucherApply => "Pakai", "Apply";
        VoucherShippingLater => "Gratis ongkir: dipotong di checkout setelah memilih kurir.", "Free shipping: taken off at checkout once a courier is chosen.";
        SubtotalAfterDiscount => "Setelah diskon", "After the discount";
        ErrCity => "Kota/kabupaten tidak ditemukan di provinsi ini. Pilih dari saran.", "City/regency not found in this province. Pick one of the suggestions.";
        ErrDistrict => "Kecamatan tidak ditemukan di kota/kabupaten ini. Pilih dari saran.", "District not found in this city/regency. Pick one of the suggestions.";
        PayManual => "Transfer manual", "Manual transfer";
        PayVirtualAccount => "Virtual Account", "Virtual account";
        PayWallet => "QRIS & dompet digital", "QRIS & e-wallets";
        PayStore => "Bayar di gerai", "Pay at a store";
        PayVaNumber => "Nomor Virtual Account", "Virtual account number";
        PayBillerCode => "Kode perusahaan", "Company code";
        PayBillKey => "Kode bayar", "Payment code";
        PayStoreCode => "Kode pembayaran — tunjukkan ke kasir", "Payment code — show it at the till";
        PayScanQr => "Pindai QR ini dengan aplikasi bank atau dompet digital apa pun.", "Scan this QR with any banking or e-wallet app.";
        PayOpenApp => "Buka aplikasi", "Open the app";
        PayAmount => "Jumlah", "Amount";
        PayNotReady => "Instruksi pembayaran belum tersedia: layanan pembayaran tidak menjawab. Pesanan Anda aman.", "Payment instructions are not available yet: the payment service did not answer. Your order is safe.";
        PayRetry => "Coba lagi", "Try again";
        PaySimulator => "Simulator pembayaran (sandbox)", "Payment simulator (sandbox)";
        PayAutoConfirm => "Status berubah otomatis begitu pembayaran diterima.", "The status changes by itself as soon as the payment arrives.";
        TimeLeft => "Sisa waktu", "Time left";
        Notifications => "Notifikasi pembayaran", "Payment notifications";
        EmailConfirmSubject => "Pesanan {code} sudah kami terima", "We have received order {code}";
        EmailPaidSubject => "Pembayaran pesanan {code} diterima", "Payment for order {code} received";
        EmailShippedSubject => "Pesanan {code} sedang dikirim", "Order {code} is on its way";
        EmailGreeting => "Halo {name},", "Hello {name},";
        EmailConfirmBody => "Terima kasih! Pesanan Anda sudah kami terima.", "Thank you! We have received your order.";
        EmailPayBy => "Selesaikan pembayaran sebelum {deadline}.", "Please complete the payment before {deadline}.";
        EmailPaidBody => "Pembayaran Anda sudah kami terima. Pesanan segera kami kemas.", "We have received your payment. Your order will be packed shortly.";
        EmailShippedBody => "Pesanan Anda dikirim dengan {courier}, no. resi {awb}.", "Your order has been shipped with {courier}, waybill {awb}.";
        EmailTrack => "Lacak pesanan", "Track your order";
        EmailSignoff => "Salam hangat, tim Etalase", "Warm regards, the Etalase team";
        Outbox => "Email pelanggan", "Customer emails";
        OutboxQueued => "Menunggu dikirim (SMTP belum diatur)", "Waiting to be sent (no SMTP configured)";
        ChatOpen => "Chat", "Chat";
        ChatLoadFailed => "Gagal memuat, ketuk lagi", "Could not load, tap again";
        StaffLoadFailed => "Gagal memuat layar ini. Coba lagi", "Could not load this screen. Try again";
        ChatOpenLabel => "Buka chat dengan tim kami", "Open a chat with our team";
        CardSaleLeft => "Tinggal {n} harga flash sale", "{n} left at the sale price";
        PriceNote => "Harga dan stok dicek ulang saat checkout.", "Prices and stock are re-checked at checkout.";
    }
}

messages! {
    /// The marketing studio's strings (staff bundle and server only).
    StudioMsg {
        Banners => "Banner promo", "Promo banners";
        NewBanner => "Banner baru", "New banner";
        EditBanner => "Ubah banner", "Edit banner";
        BannerDraft => "Draf", "Draft";
        BannerScheduled => "Terjadwal", "Scheduled";
        BannerLive => "Tayang", "Live";
        BannerEnded => "Selesai", "Ended";
        BannerArchived => "Diarsipkan", "Archived";
        PlacementHero => "Beranda: hero", "Home: hero";
        PlacementHomeStrip => "Beranda: strip", "Home: strip";
        PlacementCategory => "Atas kategori", "Category top";
        PlacementProduct => "Halaman produk: strip", "Product page: strip";
        Edit => "Ubah", "Edit";
        Duplicate => "Duplikat", "Duplicate";
        Archive => "Arsipkan", "Archive";
        Unarchive => "Pulihkan dari arsip", "Unarchive";
        BannerTimeline => "Jadwal 4 minggu ke depan", "The coming 4 weeks";
        BannerName => "Nama internal", "Internal name";
        HeadlineId => "Judul (Indonesia)", "Headline (Indonesian)";
        HeadlineEn => "Judul (Inggris)", "Headline (English)";
        BannerTextId => "Teks (Indonesia)", "Text (Indonesian)";
        BannerTextEn => "Teks (Inggris)", "Text (English)";
        CtaId => "Tombol (Indonesia)", "Button (Indonesian)";
        CtaEn => "Tombol (Inggris)", "Button (English)";
        BannerLink => "Tautan (/jalur atau https://)", "Link (/path or https://)";
        Background => "Warna latar", "Background colour";
        Placement => "Penempatan", "Placement";
        Priority => "Prioritas (0–100)", "Priority (0–100)";
        StartsAt => "Mulai", "Starts";
        EndsAt => "Berakhir", "Ends";
        SaveDraft => "Simpan draf", "Save draft";
        Publish => "Terbitkan", "Publish";
        Cancel => "Batal", "Cancel";
        Preview => "Pratinjau", "Preview";
        PreviewPhone => "Pratinjau ponsel", "Phone preview";
        PreviewDesktop => "Pratinjau desktop", "Desktop preview";
        Versions => "Versi", "Versions";
        Impressions => "Tayangan", "Impressions";
        Clicks => "Klik", "Clicks";
        AttributedOrders => "Pesanan", "Orders";
        AttributedRevenue => "Pendapatan", "Revenue";
        PreviewAsOf => "Pratinjau beranda per", "Home page preview as of";
        PreviewHome => "Pratinjau beranda pada", "Preview the home page at";
        OpenPreview => "Buka pratinjau", "Open the preview";
        Restore => "Pulihkan", "Restore";
        CopySuffix => "salinan", "copy";
        ErrBannerMissing => "Wajib diisi", "Required";
        ErrBannerTooLong => "Terlalu panjang", "Too long";
        ErrBannerPlainText => "Hanya teks biasa (tanpa < atau >)", "Plain text only (no < or >)";
        ErrBannerLink => "Tautan harus jalur di toko (/…) atau alamat https://", "The link must be a path in the store (/…) or an https:// address";
        ErrBannerColour => "Warna harus berbentuk #rrggbb", "The colour must be #rrggbb";
        ErrBannerPlacement => "Pilih penempatan (dan kategorinya untuk atas kategori)", "Choose a placement (and its category for category top)";
        ErrBannerPriority => "Prioritas harus angka 0 sampai 100", "Priority must be a number from 0 to 100";
        ErrBannerTime => "Tanggal dan jam tidak valid", "Not a valid date and time";
        ErrBannerWindow => "Waktu berakhir harus setelah waktu mulai", "The end must be after the start";
        ErrBannerChanged => "Banner ini baru saja diubah orang lain. Buka lagi untuk melihat versi terbaru.", "Someone else just changed this banner. Open it again to see the latest version.";
        ErrBannerUnknown => "Banner tidak ditemukan", "Banner not found";
        ErrBannerImage => "Gambar tidak dikenal. Unggah lagi.", "Unknown picture. Upload it again.";
        Picture => "Gambar", "Picture";
        PictureAltId => "Teks alternatif gambar (Indonesia)", "Picture alt text (Indonesian)";
        PictureAltEn => "Teks alternatif gambar (Inggris)", "Picture alt text (English)";
        PictureDrop => "Tarik gambar ke sini, atau pilih file (JPEG, PNG, WebP; lebar min. 480 px, maks. 10 MB)", "Drop a picture here, or choose a file (JPEG, PNG, WebP; at least 480 px wide, 10 MB at most)";
        PictureUploading => "Mengunggah…", "Uploading…";
        PictureRemove => "Hapus gambar", "Remove the picture";
        ErrPictureSignIn => "Hanya tim pemasaran yang boleh mengunggah gambar.", "Only the marketing team may upload pictures.";
        ErrPictureTooBig => "File terlalu besar (maks. 10 MB).", "The file is too large (10 MB at most).";
        ErrPictureType => "Hanya JPEG, PNG atau WebP (SVG dan file lain ditolak).", "JPEG, PNG or WebP only (SVG and other files are refused).";
        ErrPicturePixels => "Gambar terlalu besar (maks. 40 megapiksel).", "The picture is too large (40 megapixels at most).";
        ErrPictureNarrow => "Gambar terlalu kecil (lebar min. 480 px).", "The picture is too small (at least 480 px wide).";
        ErrPictureFailed => "Unggahan gagal. Coba lagi.", "The upload failed. Try again.";
        FlashSales => "Flash sale", "Flash sales";
        Vouchers => "Voucher", "Vouchers";
        Order => "Urutan tayang (seret, atau pakai panah)", "Display order (drag, or use the arrows)";
        MoveUp => "Naikkan", "Move up";
        MoveDown => "Turunkan", "Move down";
        Campaigns => "Kampanye (tautan UTM)", "Campaigns (UTM links)";
        CampaignsHint => "Pesanan dari pembeli yang datang lewat tautan kampanye dalam 7 hari sebelum memesan (kunjungan terakhir yang dihitung).", "Orders of shoppers who arrived by a campaign link in the 7 days before ordering (the last arrival counts).";
        Report => "Laporan atribusi", "Attribution report";
        ReportHint => "Kunjungan (tanpa jeda 30 menit), pesanan dan omzet yang sudah dibayar, per hari WIB. Hanya angka total, tanpa data pembeli.", "Visits (no 30-minute gap), orders and paid revenue, per WIB day. Totals only, no shopper data.";
        ReportFrom => "Dari (WIB)", "From (WIB)";
        ReportTo => "Sampai (WIB)", "To (WIB)";
        ReportShow => "Tampilkan", "Show";
        ReportCsv => "Unduh CSV", "Download CSV";
        ReportChart => "Kunjungan (batang) dan pesanan (garis) per hari", "Visits (bars) and orders (line) per day";
        ReportChannel => "Kanal", "Channel";
        ReportVisits => "Kunjungan", "Visits";
        ReportConversion => "Konversi", "Conversion";
        ReportTotal => "Total", "Total";
        ReportNoCampaigns => "Belum ada kunjungan dari tautan kampanye pada rentang ini.", "No visits from campaign links in this range yet.";
        ChannelDirect => "Langsung", "Direct";
        ChannelSearch => "Pencarian organik", "Organic search";
        ChannelSocial => "Media sosial", "Social";
        ChannelEmail => "Email", "Email";
        ChannelPaid => "Iklan berbayar", "Paid ads";
        ChannelReferral => "Situs lain", "Referral";
        ChannelCampaign => "Kampanye lain", "Other campaign";
        ErrReportDate => "Tanggal harus berformat TTTT-BB-HH.", "Dates are written YYYY-MM-DD.";
        ErrReportSpan => "Rentang tanggal terbalik atau lebih dari setahun.", "The range ends before it starts, or spans more than a year.";
        Audience => "Ekspor pelanggan yang setuju menerima promo", "Export customers who agreed to marketing";
        AudienceHint => "Hanya pembeli yang mencentang persetujuan (dan belum menariknya) yang ikut. Isi: email, nama, jumlah pesanan, total belanja, pesanan terakhir.", "Only buyers who ticked the consent (and have not withdrawn it) are included. Columns: email, name, orders, total spend, last order.";
        AudienceLastFrom => "Pesanan terakhir dari", "Last order from";
        AudienceLastTo => "sampai", "to";
        AudienceMinSpend => "Total belanja min. (Rp)", "Total spend at least (Rp)";
        AudienceCategory => "Pernah membeli kategori", "Bought from the category";
        AudienceAny => "Semua kategori", "Any category";
        AudienceCount => "Pembeli dalam segmen", "Buyers in the segment";
        ErrAudienceCategory => "Kategori tidak dikenal.", "Unknown category.";
        NewVouchers => "Voucher baru", "New vouchers";
        VoucherCode => "Kode (huruf, angka, -)", "Code (letters, digits, -)";
        VoucherOr => "atau buat banyak kode sekali pakai sekaligus:", "or generate many single-use codes at once:";
        VoucherBatchCount => "Jumlah kode (maks. 5000)", "Number of codes (5,000 at most)";
        VoucherBatchPrefix => "Awalan kode", "Code prefix";
        VoucherKind => "Jenis", "Kind";
        VoucherPercent => "Persen", "Percent";
        VoucherFixed => "Potongan tetap (Rp)", "Fixed amount (Rp)";
        VoucherFreeShipping => "Gratis ongkir", "Free shipping";
        VoucherValue => "Nilai (persen atau rupiah)", "Value (percent or rupiah)";
        VoucherMinSpend => "Min. belanja", "Min. spend";
        VoucherCap => "Maks. potongan", "Max. discount";
        VoucherUsageLimit => "Kuota total (0 = tanpa batas)", "Total uses (0 = no limit)";
        VoucherCategory => "Hanya kategori (slug, kosong = semua)", "Only this category (slug, empty = all)";
        VoucherCreate => "Buat voucher", "Create the vouchers";
        VoucherUses => "Dipakai", "Used";
        VoucherCodes => "kode", "codes";
        ErrVoucherCode => "Kode (atau awalan) harus 3–40 huruf, angka atau -.", "A code (or prefix) is 3–40 letters, digits or -.";
        ErrVoucherBatch => "Jumlah kode harus 0 sampai 5000.", "The number of codes must be 0 to 5,000.";
        ErrVoucherValue => "Pilih jenis, lalu isi nilainya (persen 1–100 atau rupiah di atas 0).", "Choose a kind and its value (percent 1–100, or rupiah above 0).";
        ErrVoucherAmount => "Min. belanja dan maks. potongan harus rupiah (angka).", "Minimum spend and maximum discount are rupiah (numbers).";
        ErrVoucherLimit => "Kuota harus angka 0 atau lebih.", "Limits must be numbers, 0 or more.";
        ErrVoucherTaken => "Kode {code} sudah ada.", "The code {code} exists already.";
        NewSale => "Flash sale baru", "New flash sale";
        SaleLimit => "Batas per pembeli (unit, 0 = tanpa batas)", "Limit per customer (units, 0 = none)";
        SaleSoldOutMode => "Saat kuota habis, tampilkan \"habis di harga flash sale\" (bukan kembali ke harga normal)", "When the cap is reached, show \"sold out at the sale price\" (instead of the normal price)";
        SaleItems => "Produk: satu baris per SKU — SKU, harga sale, kuota", "Items: one line per SKU — SKU, sale price, cap";
        SaleCreate => "Buat flash sale", "Create the flash sale";
        SalePrice => "Harga", "Price";
        SaleSold => "Terjual / kuota", "Sold / cap";
        ErrSaleName => "Nama wajib diisi (maks. 100 karakter)", "A name is required (100 characters at most)";
        ErrSaleLimit => "Batas per pembeli harus angka 0 sampai 100", "The limit per customer must be a number from 0 to 100";
        ErrSaleNoItems => "Tambahkan minimal satu produk", "Add at least one item";
        ErrSaleLine => "Baris {n}: tulis SKU, harga sale, kuota (mis. KMJ-01, 99000, 50)", "Line {n}: write SKU, sale price, cap (e.g. KMJ-01, 99000, 50)";
        ErrSaleDuplicate => "Baris {n}: SKU ini sudah ada di baris sebelumnya", "Line {n}: this SKU is already on an earlier line";
        ErrSaleSku => "Baris {n}: SKU {sku} tidak ada di katalog", "Line {n}: SKU {sku} is not in the catalog";
        ErrSalePrice => "Baris {n}: harga sale {sku} harus di bawah harga normalnya", "Line {n}: the sale price of {sku} must be below its normal price";
    }
}

messages! {
    /// The chat's strings (widget, agent panel, chat errors): kept apart so
    /// that they ship in the chat bundle, not in the storefront's.
    ChatMsg {
        ChatGuest => "Tamu", "Guest";
        ChatErrFrame => "Pesan tidak dapat dibaca.", "The message could not be read.";
        ChatErrEmpty => "Pesan masih kosong.", "The message is empty.";
        ChatErrTooLong => "Pesan terlalu panjang (maks. 2000 karakter).", "The message is too long (2,000 characters at most).";
        ChatErrTooFast => "Terlalu banyak pesan dalam waktu singkat. Tunggu sebentar, lalu kirim lagi.", "Too many messages in a short time. Wait a moment, then send again.";
        ChatErrNoConversation => "Percakapan tidak ditemukan.", "Conversation not found.";
        ChatErrNoProduct => "Produk tidak ditemukan.", "Product not found.";
        ChatErrNoSuchAgent => "Agen tidak ditemukan.", "No such agent.";
        ChatErrTitle => "Judul wajib diisi (maks. 60 karakter).", "A title is required (60 characters at most).";
        ChatErrRating => "Pilih nilai 1 sampai 5.", "Choose a rating from 1 to 5.";
        ChatErrRateResolved => "Penilaian bisa diberikan setelah percakapan selesai.", "A rating can be given once the conversation is resolved.";
        ChatErrRatedAlready => "Anda sudah memberi penilaian untuk percakapan ini. Terima kasih!", "You have already rated this conversation. Thank you!";
        ChatPhoto => "Foto", "Photo";
        ChatAttach => "Kirim foto", "Send a photo";
        ChatUploading => "Mengunggah foto…", "Uploading the photo…";
        ChatErrNotImage => "Berkas ini bukan foto. Kirim foto JPEG, PNG atau WebP.", "This file is not a photo. Send a JPEG, PNG or WebP photo.";
        ChatErrTooBig => "Foto terlalu besar (maks. 5 MB).", "The photo is too large (5 MB at most).";
        ChatTitle => "Tanya tim Sandang Nusa", "Ask the Sandang Nusa team";
        ChatClose => "Tutup chat", "Close chat";
        ChatPlaceholder => "Tulis pesan…", "Write a message…";
        ChatSend => "Kirim", "Send";
        ChatWelcome => "Halo! Tanyakan ukuran, stok, atau status pesanan Anda.", "Hello! Ask about sizes, stock or your order.";
        ChatNoAgent => "Belum ada agen yang online. Pesan Anda tetap tersimpan dan kami balas secepatnya, atau email kami:", "No agent is online right now. Your message is kept and we will answer soon, or email us:";
        ChatAgentsOnline => "Agen online", "Agents online";
        ChatTyping => "sedang mengetik…", "is typing…";
        ChatSending => "Mengirim…", "Sending…";
        ChatSent => "Terkirim", "Sent";
        ChatRead => "Dibaca", "Read";
        ChatDelivered => "Diterima", "Delivered";
        ChatReconnecting => "Menyambung ulang…", "Reconnecting…";
        ChatAddToCart => "Tambah ke keranjang", "Add to cart";
        ChatAdded => "Masuk keranjang", "Added to cart";
        ChatSoldOut => "Stok habis", "Sold out";
        ChatRatePrompt => "Percakapan selesai. Bagaimana layanan kami?", "Conversation resolved. How did we do?";
        ChatRated => "Terima kasih atas penilaian Anda!", "Thank you for your rating!";
        ChatResolved => "Selesai", "Resolved";
        ChatOpenStatus => "Terbuka", "Open";
        AgentQueue => "Antrean chat", "Chat queue";
        AgentNoConversations => "Belum ada percakapan.", "No conversations yet.";
        AgentPick => "Pilih percakapan di antrean.", "Pick a conversation from the queue.";
        AgentClaim => "Ambil", "Claim";
        AgentResolve => "Selesaikan", "Resolve";
        AgentReopen => "Buka lagi", "Reopen";
        AgentAssign => "Alihkan ke…", "Hand over to…";
        AgentHandledBy => "Ditangani", "Handled by";
        AgentUnclaimed => "Belum diambil", "Unclaimed";
        AgentWaiting => "menunggu", "waiting";
        AgentUnread => "belum dibaca", "unread";
        AgentCurrentPage => "Halaman saat ini", "Current page";
        AgentNoCart => "Keranjang kosong.", "The cart is empty.";
        AgentOrders => "Pesanan", "Orders";
        AgentNoOrders => "Belum ada pesanan.", "No orders yet.";
        AgentCanned => "Balasan cepat", "Canned replies";
        AgentCannedTitle => "Judul", "Title";
        AgentCannedAdd => "Simpan balasan", "Save reply";
        AgentCannedDelete => "Hapus", "Delete";
        AgentProductCard => "Kirim kartu produk", "Send a product card";
        AgentOnline => "Online", "Online";
        AgentAway => "Istirahat", "Away";
        AgentNotify => "Aktifkan notifikasi", "Turn on notifications";
        AgentRating => "Penilaian", "Rating";
    }
}
