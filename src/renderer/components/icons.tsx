// Small inline icons (SVG elements, not inline styles: allowed by the CSP). Every state is shown
// with an icon *and* words, never colour alone; icons are decorative (aria-hidden).

interface IconProps {
  readonly size?: number;
  readonly title?: string;
}

function Svg({ size = 18, children }: { size?: number; children: React.ReactNode }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const IconCheck = ({ size }: IconProps) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <path d="m8 12 3 3 5-6" />
  </Svg>
);
export const IconCross = ({ size }: IconProps) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <path d="m9 9 6 6M15 9l-6 6" />
  </Svg>
);
export const IconBlocked = ({ size }: IconProps) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <path d="M5 19 19 5" />
  </Svg>
);
export const IconClock = ({ size }: IconProps) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <path d="M12 7v5l3 2" />
  </Svg>
);
export const IconSpinner = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M21 12a9 9 0 1 1-6.2-8.56" />
  </Svg>
);
export const IconUser = ({ size }: IconProps) => (
  <Svg size={size}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21a8 8 0 0 1 16 0" />
  </Svg>
);
export const IconShield = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M12 2 4 5v6c0 5 3.4 9.3 8 11 4.6-1.7 8-6 8-11V5z" />
    <path d="m9 12 2 2 4-4" />
  </Svg>
);
export const IconReady = ({ size }: IconProps) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <circle cx="12" cy="12" r="3" />
  </Svg>
);
export const IconWarning = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
    <path d="M12 9v4M12 17h.01" />
  </Svg>
);
export const IconLaptop = ({ size }: IconProps) => (
  <Svg size={size}>
    <rect x="4" y="4" width="16" height="11" rx="1.5" />
    <path d="M2 19h20" />
  </Svg>
);
export const IconDrive = ({ size }: IconProps) => (
  <Svg size={size}>
    <rect x="3" y="7" width="18" height="10" rx="2" />
    <path d="M7 12h.01M11 12h6" />
  </Svg>
);
export const IconCable = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M7 3v4M11 3v4M5 7h8v4a4 4 0 0 1-8 0zM9 15v3a3 3 0 0 0 3 3h5" />
  </Svg>
);
/** Enrolled: a seal with a check, unlike the plain check of Staged. */
export const IconSeal = ({ size }: IconProps) => (
  <Svg size={size}>
    <path d="M12 2l2.4 1.8 3-.2 1 2.8 2.6 1.6-.9 2.9.9 2.9-2.6 1.6-1 2.8-3-.2L12 22l-2.4-1.8-3 .2-1-2.8-2.6-1.6.9-2.9-.9-2.9 2.6-1.6 1-2.8 3 .2z" />
    <path d="m8.5 12 2.5 2.5 4.5-5" />
  </Svg>
);
export const IconKeyboard = ({ size }: IconProps) => (
  <Svg size={size}>
    <rect x="2" y="6" width="20" height="12" rx="2" />
    <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" />
  </Svg>
);
