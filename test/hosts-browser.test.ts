/**
 * Browser discovery beyond Debian (issue 14, item 6): Chrome, Edge and
 * Chromium where macOS and Windows put them, system-wide and per user.
 * The machine has none of these paths, so the lists are checked as data.
 */
import {describe, expect, it} from 'vitest'
import {userPaths, wellKnownPaths} from '../src/pdf/browser.js'

describe('browser discovery on macOS and Windows', () => {
  it('knows Chrome, Chromium and Edge at their usual system paths', () => {
    for (const expected of [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'
    ]) {
      expect(wellKnownPaths).toContain(expected)
    }
    // Linux first: this machine's Chromium keeps winning.
    expect(wellKnownPaths[0]).toBe('/usr/bin/chromium')
  })

  it('looks in the user folders: ~/Applications (macOS) and %LOCALAPPDATA% (Windows)', () => {
    expect(userPaths({HOME: '/Users/ada', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local'})).toEqual([
      '/Users/ada/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium',
      'C:\\Users\\ada\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Users\\ada\\AppData\\Local\\Chromium\\Application\\chrome.exe',
      'C:\\Users\\ada\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe'
    ])
  })
})
